package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// stringsFlag collects every value of a repeatable flag, such as -secret.
type stringsFlag []string

// String joins the values; flag calls it only for the zero value's default text.
func (s *stringsFlag) String() string { return strings.Join(*s, ",") }

// Set appends one value.
func (s *stringsFlag) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// newFlagSet returns a flag set for command name that reports errors on stderr and prints
// synopsis, description and the flag defaults for -h.
func newFlagSet(name, synopsis, description string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("hooksig "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s\n\n%s\n\nflags:\n", synopsis, description)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args into fs. It reports done and the exit code when the command must
// stop: -h (exit 0, as Go's flag package treats a request for help) or a bad flag (exit 2;
// flag has already written the error and the usage).
func parseFlags(fs *flag.FlagSet, args []string) (code int, done bool) {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return exitOK, false
	case errors.Is(err, flag.ErrHelp):
		return exitOK, true
	default:
		return exitUsage, true
	}
}

// usageErrorf writes "hooksig NAME: message" and the synopsis on stderr, and returns the
// usage exit code.
func usageErrorf(stderr io.Writer, name, synopsis, format string, a ...any) int {
	fmt.Fprintf(stderr, "hooksig %s: %s\n", name, fmt.Sprintf(format, a...))
	fmt.Fprintf(stderr, "usage: %s\n", synopsis)
	return exitUsage
}
