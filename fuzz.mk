# Go native fuzzing of the inputs the project parses. Included by the Makefile.
#
#   make fuzz         each target for FUZZTIME (default 30s), one after another
#   make fuzz-smoke   each target for 2s
#
# A plain `go test` already runs every target's seed corpus (f.Add and testdata/fuzz).
# A failing input is written to the package's testdata/fuzz/<Target>/: commit it with
# the fix, so that it stays in the seed corpus.

FUZZTIME ?= 30s

# package:target pairs.
FUZZ_TARGETS := \
	./internal/emulator:FuzzServeHTTP \
	./internal/emulator:FuzzParseSeed \
	./internal/emulator:FuzzParseBind \
	./internal/contract:FuzzRoute \
	./internal/config:FuzzLoad \
	./internal/baseline:FuzzParse \
	./internal/signer:FuzzVerify \
	./internal/signer:FuzzSignVerify \
	./internal/redact:FuzzMaskedJSONHoldsNoSecretAndStaysJSON

# run-fuzz runs every target for the duration $(1).
define run-fuzz
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name in $$pkg for $(1)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(1) $$pkg; \
	done
endef

.PHONY: fuzz fuzz-smoke
fuzz:
	$(call run-fuzz,$(FUZZTIME))

fuzz-smoke:
	$(call run-fuzz,2s)
