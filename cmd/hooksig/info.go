package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// runProviders lists the presets: "hooksig providers".
func runProviders(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if code, done := noArgs("providers", `list the providers (presets), a line each: the name, the fields the signature travels in,
the algorithm, the timestamp's tolerance, the replay key (the signed delivery id's field, or
"WithDedupe" when the sender signs none), and the source the scheme was confirmed against
(C: the sender's docs or SDK; S: secondary sources only; seed: the provider document the
project started from)`, args, stdout, stderr); done {
		return code
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tFIELDS\tALGORITHM\tTOLERANCE\tREPLAY KEY\tSOURCE")
	for _, p := range providers.All() {
		s := p.New().Scheme
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", p.Name, fieldsOf(s), algorithmsOf(s), toleranceOf(s), replayKeyOf(s), p.Source)
	}
	_ = tw.Flush()
	return exitOK
}

// fieldsOf names the signature fields of each alternative field set.
func fieldsOf(s hooksig.Scheme) string {
	var sets []string
	for _, f := range s.Fields {
		name := f.Signature
		if f.In != hooksig.InHeaders {
			name += " (" + f.In.String() + ")"
		}
		sets = append(sets, name)
	}
	return strings.Join(sets, " | ")
}

// algorithmsOf lists the algorithms the scheme's labels pin.
func algorithmsOf(s hooksig.Scheme) string {
	var names []string
	for _, l := range s.Signature.Labels {
		if a := l.Algorithm.String(); !slices.Contains(names, a) {
			names = append(names, a)
		}
	}
	return strings.Join(names, "/")
}

// toleranceOf is the timestamp's unit and window, or "none".
func toleranceOf(s hooksig.Scheme) string {
	ts := s.Timestamp
	if ts == nil {
		return "none"
	}
	past, future := ts.Past, ts.Future
	if past == 0 {
		past = 5 * time.Minute
	}
	if future == 0 {
		future = 5 * time.Minute
	}
	return fmt.Sprintf("%s, -%s/+%s", ts.Unit, past, future)
}

// replayKeyOf names the field of the signed delivery id, or says WithDedupe is the way.
func replayKeyOf(s hooksig.Scheme) string {
	for _, p := range s.Signed {
		if p.String() == "ID" && len(s.Fields) > 0 && s.Fields[0].ID != "" {
			return s.Fields[0].ID
		}
	}
	return "WithDedupe"
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
