package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// supervisedEnv marks the child a supervisor started: it runs the component itself.
const supervisedEnv = "BINNACLE_SUPERVISED"

// supervise keeps a control-plane component running, as the kubelet does a static pod: kube-scheduler exits on
// purpose when its cache looks corrupted ("Pod updated on a different node than previously added to", seen after
// the reliability suite's apiserver and etcd restarts under churn), and a cluster without a scheduler leaves every
// new pod Pending. It returns -1 in the child, which then runs the component; in the supervisor it returns the exit
// code once it was asked to stop (SIGTERM or SIGINT, passed on to the child). The child dies with the supervisor
// (Pdeathsig), so `restart --kill` and `down` leave nothing behind.
func supervise(name string) int {
	if os.Getenv(supervisedEnv) == "1" {
		return -1
	}
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	for {
		cmd := &exec.Cmd{Path: "/proc/self/exe", Args: os.Args, Env: append(os.Environ(), supervisedEnv+"=1"),
			Stdout: os.Stdout, Stderr: os.Stderr}
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
		if err := cmd.Start(); err != nil {
			fmt.Fprintf(os.Stderr, "supervisor: cannot start %s: %v\n", name, err)
			return 1
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case sig := <-signals:
			_ = cmd.Process.Signal(sig)
			err := <-exited
			// Never -1 (killed by the signal passed on): that would make the caller run the component here.
			var exit *exec.ExitError
			if errors.As(err, &exit) && exit.ExitCode() > 0 {
				return exit.ExitCode()
			}
			return 0
		case err := <-exited:
			fmt.Fprintf(os.Stderr, "---- %s: %s exited on its own (%v): started again by its supervisor ----\n",
				time.Now().Format(time.RFC3339Nano), name, err)
			select {
			case <-signals:
				return 1
			case <-time.After(time.Second):
			}
		}
	}
}
