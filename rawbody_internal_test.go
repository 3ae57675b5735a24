package hooksig

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// firstRead records the size of the first read it is asked for.
type firstRead struct {
	r     io.Reader
	first int
}

func (f *firstRead) Read(p []byte) (int, error) {
	if f.first == 0 {
		f.first = len(p)
	}
	return f.r.Read(p)
}

func TestReadBodyLayout(t *testing.T) {
	payload := bytes.Repeat([]byte("0123456789"), 300_000) // 3 MB: past maxPresize
	tests := []struct {
		name     string
		r        func() io.Reader
		declared int64
	}{
		// Declared lengths, read whole or in awkward pieces.
		{"declared", func() io.Reader { return bytes.NewReader(payload) }, int64(len(payload))},
		{"declared_one_byte_reads", func() io.Reader { return iotest.OneByteReader(bytes.NewReader(payload[:5000])) }, 5000},
		{"declared_half_reads", func() io.Reader { return iotest.HalfReader(bytes.NewReader(payload)) }, int64(len(payload))},
		{"declared_data_with_eof", func() io.Reader { return iotest.DataErrReader(bytes.NewReader(payload)) }, int64(len(payload))},
		// Unknown lengths grow as the bytes arrive.
		{"chunked", func() io.Reader { return bytes.NewReader(payload) }, -1},
		{"chunked_one_byte_reads", func() io.Reader { return iotest.OneByteReader(bytes.NewReader(payload[:40000])) }, -1},
		{"chunked_empty", func() io.Reader { return bytes.NewReader(nil) }, -1},
		{"declared_empty", func() io.Reader { return bytes.NewReader(nil) }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, _ := io.ReadAll(tc.r())
			if tc.declared >= 0 {
				want = want[:tc.declared]
			}
			buf, n, err := readBody(tc.r(), tc.declared, 4<<20, 7, 3, nil, new(*[]byte), nil)
			require.NoError(t, err)
			assert.Equal(t, len(want), n)
			assert.Equal(t, 7+n+3, len(buf), "exactly the head, the body and the tail")
			assert.True(t, bytes.Equal(want, buf[7:7+n]), "the body sits after the head")
		})
	}
}

func TestReadBodyDoesNotTrustALargeDeclaration(t *testing.T) {
	r := &firstRead{r: bytes.NewReader(nil)}
	_, _, err := readBody(r, 20<<20, 25<<20, 0, 0, nil, new(*[]byte), nil)
	assert.ErrorIs(t, err, ErrBodyUnreadable)
	assert.LessOrEqual(t, r.first, maxPresize, "memory is committed as the bytes arrive")
}

func TestReadBodyErrors(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name     string
		r        io.Reader
		declared int64
		want     error
	}{
		{"declared_over_limit", bytes.NewReader(nil), 11, ErrBodyTooLarge},
		{"short", bytes.NewReader([]byte("abc")), 4, ErrBodyUnreadable},
		{"long", bytes.NewReader([]byte("abcde")), 4, ErrBodyUnreadable},
		{"long_past_limit", bytes.NewReader([]byte("abcdefghijkl")), 4, ErrBodyTooLarge},
		{"exactly_limit_declared_then_more", bytes.NewReader([]byte("abcdefghijk")), 10, ErrBodyTooLarge},
		{"chunked_over_limit", bytes.NewReader([]byte("abcdefghijk")), -1, ErrBodyTooLarge},
		{"read_error_declared", iotest.ErrReader(boom), 4, ErrBodyUnreadable},
		{"read_error_chunked", iotest.ErrReader(boom), -1, ErrBodyUnreadable},
		{"timeout", iotest.TimeoutReader(bytes.NewReader([]byte("abcdef"))), -1, ErrBodyUnreadable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readBody(tc.r, tc.declared, 10, 2, 2, nil, new(*[]byte), nil)
			assert.ErrorIs(t, err, tc.want)
		})
	}
	_, n, err := readBody(bytes.NewReader([]byte("abcdefghij")), -1, 10, 0, 0, nil, new(*[]byte), nil)
	assert.NoError(t, err, "exactly the limit, chunked")
	assert.Equal(t, 10, n)
}

// stuck returns nothing and no error, forever (a broken reader; net/http's never does this).
type stuck struct{}

func (stuck) Read([]byte) (int, error) { return 0, nil }

func TestReadBodyGivesUpOnAReaderThatMakesNoProgress(t *testing.T) {
	for _, declared := range []int64{-1, 5} {
		_, _, err := readBody(stuck{}, declared, 10, 0, 0, nil, new(*[]byte), nil)
		assert.ErrorIs(t, err, ErrBodyUnreadable)
		assert.ErrorIs(t, err, io.ErrNoProgress)
	}
	_, _, err := readBody(io.MultiReader(bytes.NewReader([]byte("abcde")), stuck{}), 5, 10, 0, 0, nil, new(*[]byte), nil)
	assert.ErrorIs(t, err, io.ErrNoProgress, "the probe for extra bytes gives up too")
}
