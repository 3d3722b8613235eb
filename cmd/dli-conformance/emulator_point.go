package main

import (
	"fmt"
	"net"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// pointAt is the emulator's first lines after the address: the DLI_*
// settings that point the suite at it, as shell exports, from the seed it
// serves. A token or secret key the user gave is not printed (it may be
// theirs elsewhere too); a token the emulator made up is, since nothing else
// tells it.
func pointAt(addr net.Addr, seed *emulator.Seed, tokens, keys []string, generated bool) string {
	in := engine.SeedInputs(config.Config{}, seed)
	var b strings.Builder
	b.WriteString("point the suite at it with:\n")
	export := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  export %s=%s\n", name, value)
		}
	}
	export(config.EnvEndpoint, "http://"+dialable(addr))
	export(config.EnvProjectID, in.ProjectID)
	export(config.EnvConnectionID, in.ConnectionID)
	export(config.EnvDeletedConnectionID, in.DeletedConnectionID)
	export(config.EnvQueues, strings.Join(in.Queues, ","))
	export(config.EnvPools, strings.Join(in.Pools, ","))
	switch {
	case generated:
		export(config.EnvAuthToken, tokens[0])
	case len(tokens) > 0:
		fmt.Fprintf(&b, "  export %s=...   # the --token you gave (not shown)\n", config.EnvAuthToken)
	default:
		ak, _, _ := strings.Cut(keys[0], ":")
		export(config.EnvAK, ak)
		fmt.Fprintf(&b, "  export %s=...   # the secret key of --key (not shown)\n", config.EnvSK)
	}
	return b.String()
}

// dialable is the listening address as a client on this machine dials it:
// an unspecified host (0.0.0.0, ::) becomes loopback.
func dialable(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
