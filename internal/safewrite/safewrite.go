// Package safewrite is the one place the suite's output leaves the process:
// every report file, diff file, recording, log and console line is written
// through it, and every byte of it passes the run's redactor on the way,
// whatever record or field the bytes came from. A field added to a report
// next year is masked without anyone remembering to.
package safewrite

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/dli-conformance/dli-conformance/internal/redact"
)

// Bytes is what File writes of data: data with every secret r knows masked.
// A writer that must know sizes before writing (the report budget) measures
// these bytes.
func Bytes(r *redact.Redactor, data []byte) []byte { return r.Bytes(data) }

// File writes data, masked by r, to path (mode 0644), replacing it.
func File(r *redact.Redactor, path string, data []byte) error {
	if err := os.WriteFile(path, Bytes(r, data), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Writer masks what is written to it before passing it on. It passes on whole
// lines as they end, and the rest on Flush: the forms of a secret hold no line
// break (the configuration refuses one in a secret), so no secret spans two
// writes it passes on. When some form does hold one, everything waits for
// Flush. Writer is safe for concurrent use.
type Writer struct {
	mu  sync.Mutex
	out io.Writer
	r   *redact.Redactor
	buf []byte
	err error
}

// NewWriter returns a Writer to out masking with r. Call Flush (or Close) when
// done, or the last unfinished line is lost.
func NewWriter(out io.Writer, r *redact.Redactor) *Writer {
	return &Writer{out: out, r: r}
}

// Write takes p whole; what is ready of it is passed on masked.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return 0, w.err
	}
	w.buf = append(w.buf, p...)
	if w.r.CrossesLines() {
		return len(p), nil
	}
	end := bytes.LastIndexByte(w.buf, '\n')
	if end < 0 {
		return len(p), nil
	}
	w.pass(w.buf[:end+1])
	w.buf = append(w.buf[:0], w.buf[end+1:]...)
	if w.err != nil {
		return len(p), w.err
	}
	return len(p), nil
}

func (w *Writer) pass(b []byte) {
	if w.err != nil || len(b) == 0 {
		return
	}
	_, w.err = w.out.Write(w.r.Bytes(b))
}

// Flush passes on what is left, masked.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pass(w.buf)
	w.buf = w.buf[:0]
	return w.err
}

// Close flushes, then closes the writer underneath when it is a file or
// another io.Closer.
func (w *Writer) Close() error {
	err := w.Flush()
	if c, ok := w.out.(io.Closer); ok {
		err = errors.Join(err, c.Close())
	}
	return err
}

// Sync flushes, then commits the file underneath to stable storage when it
// is one.
func (w *Writer) Sync() error {
	err := w.Flush()
	if f, ok := w.out.(interface{ Sync() error }); ok {
		err = errors.Join(err, f.Sync())
	}
	return err
}

// Create creates (or truncates) the file at path for writing through a
// Writer masking with r.
func Create(r *redact.Redactor, path string) (*Writer, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return NewWriter(f, r), nil
}
