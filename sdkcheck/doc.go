// Package sdkcheck drives the Huawei Cloud Go SDK's DLI client
// (github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dli/v1) against the embedded
// emulator, with AK/SK signing, to show that the SDK and the contract agree: every
// request the SDK sends validates against the contract, every documented answer
// decodes, and what the SDK does that the contract does not expect is written down
// as a test (findings_test.go).
//
// It is a module of its own so that the main module does not download the SDK
// (about 47 MB); run it with `make sdk`.
package sdkcheck
