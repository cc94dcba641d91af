// Command testcluster is the multi-call harness binary of Binnacle's local test cluster.
//
// Components (each runs in its own process, started by "up"):
//
//	testcluster etcd --data-dir D --client-port P --peer-port Q
//	testcluster apiserver <kube-apiserver flags>
//	testcluster controller-manager <kube-controller-manager flags>
//	testcluster scheduler <kube-scheduler flags>
//	testcluster agent --state DIR        (per-pod logs, exec workdirs, HTTP servers, kwok rules)
//
// Orchestration and helpers:
//
//	testcluster up --state DIR --name NAME --kwok PATH --metrics-server PATH [--timeout 120s]
//	testcluster down --state DIR
//	testcluster status --state DIR
//	testcluster restart --state DIR [--down SECONDS] [--kill] COMPONENT
//	testcluster stop --state DIR [--kill] COMPONENT
//	testcluster start --state DIR COMPONENT
//	testcluster metrics-wait --state DIR [--timeout 120s]
//	testcluster compact --state DIR
//	testcluster pods --kubeconfig K --count N --namespaces M
//	testcluster churn --kubeconfig K --rate R --seconds S
//	testcluster stale --state DIR NAMESPACE POD [--clear]
//	testcluster logs --state DIR [--container C] [--lines N] [--rate R] [--create --kubeconfig K] NAMESPACE POD
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"k8s.io/component-base/cli"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	kcm "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
)

func usage() {
	fmt.Fprintln(os.Stderr, "usage: testcluster etcd|apiserver|controller-manager|scheduler|agent|up|down|status|restart|stop|start|metrics-wait|compact|pods|churn|stale|logs|version [flags]")
	os.Exit(2)
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	sub, args := os.Args[1], os.Args[2:]
	// "up" starts components with argv[0] set to their upstream name, so that user agents and the default
	// field managers (managedFields) read kube-apiserver, kube-controller-manager, kube-scheduler as in a real
	// cluster instead of "testcluster".
	switch filepath.Base(os.Args[0]) {
	case "kube-apiserver":
		sub, args = "apiserver", os.Args[1:]
	case "kube-controller-manager":
		sub, args = "controller-manager", os.Args[1:]
	case "kube-scheduler":
		sub, args = "scheduler", os.Args[1:]
	}
	switch sub {
	case "apiserver":
		c := apiserver.NewAPIServerCommand()
		c.SetArgs(args)
		os.Exit(cli.Run(c))
	case "controller-manager":
		if code := supervise("kube-controller-manager"); code >= 0 {
			os.Exit(code)
		}
		c := kcm.NewControllerManagerCommand()
		c.SetArgs(args)
		os.Exit(cli.Run(c))
	case "scheduler":
		if code := supervise("kube-scheduler"); code >= 0 {
			os.Exit(code)
		}
		c := scheduler.NewSchedulerCommand()
		c.SetArgs(args)
		os.Exit(cli.Run(c))
	case "etcd":
		os.Exit(runEtcd(args))
	case "agent":
		os.Exit(runAgent(args))
	case "up":
		os.Exit(runUp(args))
	case "down":
		os.Exit(runDown(args))
	case "status":
		os.Exit(runStatus(args))
	case "restart":
		os.Exit(runRestart(args))
	case "stop":
		os.Exit(runStop(args))
	case "start":
		os.Exit(runStart(args))
	case "metrics-wait":
		os.Exit(runMetricsWait(args))
	case "compact":
		os.Exit(runCompact(args))
	case "pods":
		os.Exit(runPods(args))
	case "churn":
		os.Exit(runChurn(args))
	case "stale":
		os.Exit(runStale(args))
	case "logs":
		os.Exit(runLogs(args))
	case "version":
		fmt.Println(versionString())
	default:
		usage()
	}
}
