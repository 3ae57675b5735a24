package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// openInput returns a reader over FILE, or over stdin when file is "" or "-", and a function
// that closes what it opened. A FILE that cannot be opened, is a directory or cannot be read
// is an error (a usage error: it says nothing about the request).
func openInput(file string, stdin io.Reader) (*bufio.Reader, func(), error) {
	if file == "" || file == "-" {
		br := bufio.NewReader(stdin)
		if err := probe(br); err != nil {
			return nil, nil, fmt.Errorf("cannot read standard input: %w", err)
		}
		return br, func() {}, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open FILE: %w", pathless(err))
	}
	br := bufio.NewReader(f)
	if err := probe(br); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("cannot read FILE: %w", pathless(err))
	}
	return br, func() { f.Close() }, nil
}

// probe reads ahead one byte so that an unreadable input (a directory, a failing device) is
// told apart from a request that does not parse. An empty input is readable.
func probe(br *bufio.Reader) error {
	if _, err := br.Peek(1); err != nil && err != io.EOF {
		return err
	}
	return nil
}

// pathless drops the file name from err: FILE may be a secret given in the wrong place
// ("-secret OLD NEW" makes NEW the FILE argument), so it is never printed.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
