package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
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

// presetFlags are the -provider and -secret flags every command that signs or verifies takes.
type presetFlags struct {
	provider *string
	secrets  stringsFlag
}

// addPresetFlags adds -provider and -secret (described by secretHelp) to fs.
func addPresetFlags(fs *flag.FlagSet, secretHelp string) *presetFlags {
	p := &presetFlags{provider: fs.String("provider", "", "`NAME` of the sender's preset, one of: "+presetNames())}
	fs.Var(&p.secrets, "secret", secretHelp)
	return p
}

// preset returns the named preset, or what is wrong with the flags. An unknown name is not
// repeated: it may be a secret given in the wrong place.
func (p *presetFlags) preset() (providers.Preset, error) {
	if *p.provider == "" {
		return providers.Preset{}, fmt.Errorf("-provider is required (known: %s)", presetNames())
	}
	preset, ok := providers.Lookup(*p.provider)
	if !ok {
		return providers.Preset{}, fmt.Errorf("unknown provider (known: %s)", presetNames())
	}
	if len(p.secrets) == 0 {
		return providers.Preset{}, errors.New("-secret is required")
	}
	return preset, nil
}

// readBody reads the whole of FILE (or standard input for "" and "-").
func readBody(file string, stdin io.Reader) ([]byte, error) {
	in, closeIn, err := openInput(file, stdin)
	if err != nil {
		return nil, err
	}
	defer closeIn()
	body, err := io.ReadAll(in)
	if err != nil {
		return nil, fmt.Errorf("cannot read the body: %w", pathless(err))
	}
	return body, nil
}

// signerAndBody returns a signer for preset with secrets (its errors never carry a key) and the
// body read from FILE or standard input.
func signerAndBody(preset providers.Preset, secrets []string, file string, stdin io.Reader) (*hooksig.Signer, []byte, error) {
	signer, err := hooksig.NewSigner(preset.New(secrets...))
	if err != nil {
		return nil, nil, err
	}
	body, err := readBody(file, stdin)
	return signer, body, err
}

// newID is a fresh delivery id: msg_ and the time in base 36.
func newID() string { return "msg_" + strconv.FormatInt(time.Now().UnixNano(), 36) }
