package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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

// newFlagSet returns a flag set for command name that prints synopsis, description and the
// flag defaults for -h on standard output (help asked for is output, like "hooksig help"),
// and a bad flag's error with the same usage on standard error.
func newFlagSet(name, synopsis, description string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("hooksig "+name, flag.ContinueOnError)
	errOut := &countingWriter{w: stderr}
	fs.SetOutput(errOut)
	fs.Usage = func() {
		// The flag package writes a bad flag's error before it calls Usage, and nothing before
		// it for -h.
		w := stdout
		if errOut.n > 0 {
			w = stderr
		}
		fmt.Fprintf(w, "usage: %s\n\n%s\n\nflags:\n", synopsis, description)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(errOut)
	}
	return fs
}

// countingWriter counts what is written through it.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return c.w.Write(p)
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

// secretEnv names the environment variable a secret may come from, so that it does not show
// in the process list.
const secretEnv = "HOOKSIG_SECRET"

// presetFlags are the -provider, -secret and -secret-file flags every command that signs or
// verifies takes. The flags are read in order: each -secret and -secret-file belongs to the
// -provider before it (or, before any, to the first), so listen can take several providers.
type presetFlags struct {
	groups  []*presetGroup
	pending presetGroup // secrets given before any -provider
	getenv  func(string) string
	secrets []string // the single provider's secrets, once preset has run
}

// A presetGroup is one -provider and the secrets given after it.
type presetGroup struct {
	name        string
	secrets     []string
	secretFiles []string
}

// last returns the group the next -secret belongs to.
func (p *presetFlags) last() *presetGroup {
	if len(p.groups) == 0 {
		return &p.pending
	}
	return p.groups[len(p.groups)-1]
}

// flagFunc is a repeatable string flag that calls set with each value.
type flagFunc func(string) error

func (f flagFunc) String() string     { return "" }
func (f flagFunc) Set(v string) error { return f(v) }

// addPresetFlags adds -provider, -secret (described by secretHelp) and -secret-file to fs.
func addPresetFlags(fs *flag.FlagSet, secretHelp string) *presetFlags {
	p := &presetFlags{getenv: os.Getenv}
	fs.Var(flagFunc(func(v string) error {
		g := &presetGroup{name: v}
		if len(p.groups) == 0 {
			g.secrets, g.secretFiles = p.pending.secrets, p.pending.secretFiles
			p.pending = presetGroup{}
		}
		p.groups = append(p.groups, g)
		return nil
	}), "provider", "`NAME` of the sender's preset, one of: "+presetNames())
	fs.Var(flagFunc(func(v string) error {
		g := p.last()
		g.secrets = append(g.secrets, v)
		return nil
	}), "secret", secretHelp+"\n(or -secret-file, or the "+secretEnv+" environment variable: neither shows in the process list)")
	fs.Var(flagFunc(func(v string) error {
		g := p.last()
		g.secretFiles = append(g.secretFiles, v)
		return nil
	}), "secret-file", "read the secrets from `PATH`, one a line (a trailing newline or CR is not part of one); repeatable")
	return p
}

// preset returns the one named preset with the secrets gathered from -secret, -secret-file and
// HOOKSIG_SECRET (in that order; the variable only when neither flag is given), or what is
// wrong; p.secrets holds the secrets. An unknown name is not repeated: it may be a secret given
// in the wrong place; a secret file's name and content are never printed.
func (p *presetFlags) preset() (providers.Preset, error) {
	if len(p.groups) > 1 {
		return providers.Preset{}, errors.New("one -provider only (listen takes several)")
	}
	ps, secrets, err := p.presets()
	if err != nil {
		return providers.Preset{}, err
	}
	p.secrets = secrets[0]
	return ps[0], nil
}

// presets returns every named preset and its secrets, in the order given.
func (p *presetFlags) presets() ([]providers.Preset, [][]string, error) {
	if len(p.groups) == 0 {
		return nil, nil, fmt.Errorf("-provider is required (known: %s)", presetNames())
	}
	var ps []providers.Preset
	var all [][]string
	for i, g := range p.groups {
		preset, ok := providers.Lookup(g.name)
		if !ok {
			return nil, nil, fmt.Errorf("unknown provider (known: %s)", presetNames())
		}
		secrets := append([]string(nil), g.secrets...)
		for _, f := range g.secretFiles {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, nil, fmt.Errorf("cannot read a -secret-file: %w", pathless(err))
			}
			n := 0
			for line := range strings.Lines(string(b)) {
				if line = strings.TrimRight(line, "\r\n"); line != "" {
					secrets = append(secrets, line)
					n++
				}
			}
			if n == 0 {
				return nil, nil, errors.New("a -secret-file holds no secret")
			}
		}
		if len(secrets) == 0 && len(p.groups) == 1 {
			if v := strings.TrimRight(p.getenv(secretEnv), "\r\n"); v != "" {
				secrets = append(secrets, v)
			}
		}
		if len(secrets) == 0 {
			if len(p.groups) > 1 {
				return nil, nil, fmt.Errorf("provider %d has no -secret (each -provider takes the -secret flags after it; %s serves one provider only)", i+1, secretEnv)
			}
			return nil, nil, errors.New("-secret is required (or -secret-file, or " + secretEnv + ")")
		}
		ps = append(ps, preset)
		all = append(all, secrets)
	}
	return ps, all, nil
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

// receiverOptions turns verify's and explain's -now and -public-url into options: the clock
// fixed at UNIX seconds, and the scheme, host and port the sender used (the path and query come
// from the request line; providers that do not sign the URL ignore it, one that does needs it,
// and New says so).
func receiverOptions(now, publicURL string) ([]hooksig.Option, error) {
	var opts []hooksig.Option
	if now != "" {
		sec, err := strconv.ParseInt(now, 10, 64)
		if err != nil {
			return nil, errors.New("-now must be an integer number of Unix seconds")
		}
		at := time.Unix(sec, 0)
		opts = append(opts, hooksig.WithClock(func() time.Time { return at }))
	}
	if publicURL != "" {
		opts = append(opts, hooksig.WithPublicURL(publicURL))
	}
	return opts, nil
}
