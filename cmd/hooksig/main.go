// Command hooksig checks webhook deliveries with the same middleware a server runs.
//
//	hooksig verify -provider NAME -secret S [-secret S2 ...] [-now UNIX_SECONDS] [-public-url URL] [FILE]
//
// verify reads one raw HTTP/1.1 request (from FILE, or from standard input when FILE is
// absent or "-"), passes it through hooksig's middleware for the named provider, and prints
// "ok" (exit 0) or "rejected: <reason>" (exit 1) on standard output. It is the conformance
// entry point of the contract.
//
// Exit codes: 0 verified; 1 rejected, including a request that cannot be parsed; 2 a usage
// error (bad flags or arguments, an unknown provider, an unusable key, an unreadable FILE),
// reported on standard error. "hooksig help" and "hooksig -h" print the command list on
// standard output and exit 0; "hooksig help COMMAND" and "hooksig COMMAND -h" print that
// command's help and exit 0; "hooksig" alone and an unknown command print the command list on
// standard error and exit 2.
//
//	hooksig explain -provider NAME -secret S [-now UNIX] [-ignore-time] [-show-expected] [FILE]
//	                    the verdict, its reason, and what to fix; never the expected
//	                    signature unless -show-expected asks
//	hooksig sign -provider NAME -secret S [-id ID] [-now UNIX] [-url URL] [FILE]
//	                    the headers (and body) a sender would send for FILE
//	hooksig send -provider NAME -secret S -url URL [-H 'Name: value' ...] [-replay N] [FILE]
//	                    sign and POST; exit 0 when every answer was 2xx
//	hooksig listen -provider NAME -secret S [-addr A] [-path P] [-dump DIR]
//	                    a local receiver printing each request and its verdict
//	hooksig demo        a receiver with a route per provider, a signed, a forged and a replayed
//	                    delivery each, a table; exit 0 only if every verdict is right
//	hooksig providers   the provider table: fields, algorithm, tolerance, replay key, source
//	hooksig version     the module version and the Go release it was built with
//
// hooksig never prints a secret or an expected signature (explain prints one only when
// -show-expected asks); listen prints a body only once it verified.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes shared by every command.
const (
	exitOK       = 0 // verified, or help was asked for
	exitRejected = 1 // the middleware would reject the request
	exitUsage    = 2 // the command line (or a key or FILE it names) is unusable
)

// A command is one subcommand. Each lives in its own file and adds itself to commands.
type command struct {
	name    string
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands lists the subcommands in the order usage shows them. sign, send, listen, demo
// and providers will join verify here, one file each.
var commands = []command{
	{name: "verify", summary: "check one raw HTTP request's signature as the middleware would", run: runVerify},
	{name: "explain", summary: "say why a raw HTTP request verifies or not, and what to fix", run: runExplain},
	{name: "sign", summary: "print the headers a sender would add to a body", run: runSign},
	{name: "send", summary: "sign a body and POST it to a URL, as the sender would", run: runSend},
	{name: "listen", summary: "a local receiver that prints each delivery and its verdict", run: runListen},
	{name: "demo", summary: "every provider end to end on loopback: signed, forged, replayed", run: runDemo},
	{name: "providers", summary: "list the providers (presets) by name", run: runProviders},
	{name: "version", summary: "print the version", run: runVersion},
}

// help lists the commands, so it joins them at init (it reads the list itself).
func init() {
	commands = append(commands, command{name: "help", summary: "print this list, or a command's help", run: runHelp})
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program: it dispatches args[0] to its command and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	fmt.Fprintf(stderr, "hooksig: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

// usage writes the command list.
func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: hooksig COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "hooksig COMMAND -h" for a command's flags.`)
}
