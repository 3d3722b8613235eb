// Package broken plays deliberately broken implementations of the DLI API, to prove
// that the conformance suite catches each deviation. Each broken behaviour is a
// decorator around the reference emulator, of its HTTP handler or of the store its
// bind, unbind and list operations work on (emulator.Store); the emulator itself
// plays only the documented behaviour and the legal latitude.
//
// Defects lists the behaviours of general use (the emulator command's --defect);
// Catalogue lists the broken targets the suite is proved against, each with the
// exact set of requirements a run against it must fail.
package broken

import (
	"net/http"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// Behaviour is one named way to be broken: a decorator of the emulator's store, of
// its HTTP handler, or of both.
type Behaviour struct {
	Name        string
	Description string
	// Store decorates the store of bind, unbind and list; nil leaves it alone.
	Store func(emulator.Store) emulator.Store
	// Handler decorates the emulator's handler; emu is the emulator underneath, for
	// an in-process look at its state. nil leaves it alone.
	Handler func(next http.Handler, emu *emulator.Emulator) http.Handler
	// Options changes the emulator's options before it is built (say, the key
	// pairs a gateway defect needs); nil leaves them alone.
	Options func(*emulator.Options)
}

// New builds an emulator from opts that plays the behaviours, and returns the handler
// to serve with the emulator underneath it (for Reset, Bindings and the like). A
// store decorator of opts is kept, innermost.
func New(opts emulator.Options, bs ...Behaviour) (http.Handler, *emulator.Emulator, error) {
	for _, b := range bs {
		if b.Options != nil {
			b.Options(&opts)
		}
		if b.Store == nil {
			continue
		}
		inner, wrap := opts.Store, b.Store
		opts.Store = func(s emulator.Store) emulator.Store {
			if inner != nil {
				s = inner(s)
			}
			return wrap(s)
		}
	}
	emu, err := emulator.New(opts)
	if err != nil {
		return nil, nil, err
	}
	var h http.Handler = emu
	for _, b := range bs {
		if b.Handler != nil {
			h = b.Handler(h, emu)
		}
	}
	return h, emu, nil
}
