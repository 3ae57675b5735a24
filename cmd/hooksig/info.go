package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"text/tabwriter"

	"github.com/hooksig/hooksig/providers"
)

// runProviders lists the presets: "hooksig providers".
func runProviders(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if code, done := noArgs("providers", "list the providers (presets): name and summary", args, stdout, stderr); done {
		return code
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	for _, p := range providers.All() {
		fmt.Fprintf(tw, "%s\t%s\n", p.Name, p.Summary)
	}
	_ = tw.Flush()
	return exitOK
}

// runVersion prints the module's version and the Go release: "hooksig version".
func runVersion(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if code, done := noArgs("version", "print the version of hooksig and the Go release it was built with", args, stdout, stderr); done {
		return code
	}
	version := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		version = bi.Main.Version
	}
	fmt.Fprintf(stdout, "hooksig %s (%s)\n", version, runtime.Version())
	return exitOK
}

// runHelp prints the command list, or one command's help: "hooksig help [COMMAND]".
func runHelp(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		usage(stdout)
		return exitOK
	case len(args) > 1:
		fmt.Fprintln(stderr, "usage: hooksig help [COMMAND]")
		return exitUsage
	}
	for _, c := range commands {
		if c.name == args[0] && c.name != "help" {
			return c.run([]string{"-h"}, stdin, stdout, stderr)
		}
	}
	if args[0] == "help" {
		fmt.Fprintln(stdout, "usage: hooksig help [COMMAND]")
		return exitOK
	}
	fmt.Fprintf(stderr, "hooksig: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

// noArgs handles a command that takes no arguments: -h prints its help (exit 0), anything
// else is a usage error (exit 2). done reports whether the command should return code.
func noArgs(name, help string, args []string, stdout, stderr io.Writer) (code int, done bool) {
	if len(args) == 0 {
		return 0, false
	}
	if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprintf(stdout, "usage: hooksig %s\n\n%s\n", name, help)
		return exitOK, true
	}
	fmt.Fprintf(stderr, "usage: hooksig %s (it takes no arguments)\n", name)
	return exitUsage, true
}
