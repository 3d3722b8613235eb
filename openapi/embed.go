// Package openapi holds the contract: the OpenAPI document written from the DLI
// documentation tables, embedded so that every tool of the project reads the same bytes.
package openapi

import _ "embed"

// Spec is the OpenAPI 3.0.3 document for the DLI enhanced datasource connection API.
//
//go:embed dli-enhanced-connections.yaml
var Spec []byte

// DocPages lists the documentation pages that Spec cites in x-doc-ref, with the
// sections and tables each has (doc-pages.yaml).
//
//go:embed doc-pages.yaml
var DocPages []byte
