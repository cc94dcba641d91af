//go:build tools

// Package tools pins metrics-server, built by cluster.sh from this module of its own: metrics-server v0.8.0 does
// not run against the k8s.io v0.36 libraries of ../go.mod (its generated OpenAPI definitions are keyed by Go
// package paths, the v0.36 types name their models "io.k8s...": it panics "cannot find model definition for
// io.k8s.metrics.pkg.apis.metrics.v1beta1.NodeMetrics"), so it keeps the versions it was released with.
package tools

import _ "sigs.k8s.io/metrics-server/cmd/metrics-server"
