package contract

import (
	"slices"
	"sync"
)

var shared struct {
	sync.Mutex
	byProfile map[Profile]*Contract
}

// Shared returns the contract of the profile, loaded once per process: a
// Contract is read-only after loading and safe for concurrent use.
func Shared(profile Profile) (*Contract, error) {
	shared.Lock()
	defer shared.Unlock()
	if c := shared.byProfile[profile]; c != nil {
		return c, nil
	}
	c, err := Load(profile)
	if err != nil {
		return nil, err
	}
	if shared.byProfile == nil {
		shared.byProfile = map[Profile]*Contract{}
	}
	shared.byProfile[profile] = c
	return c, nil
}

// Operations lists the contract's operation ids, sorted.
func (c *Contract) Operations() []string {
	var ids []string
	for _, item := range c.doc.Paths.Map() {
		for _, op := range item.Operations() {
			ids = append(ids, op.OperationID)
		}
	}
	slices.Sort(ids)
	return ids
}

// Documents tells whether the operation's request body has the named property
// (for example whether a profile documents elastic_resource_pools).
func (c *Contract) Documents(operationID, property string) bool {
	op := c.operation(operationID)
	if op == nil || op.RequestBody == nil || op.RequestBody.Value == nil {
		return false
	}
	for _, mt := range op.RequestBody.Value.Content {
		if mt.Schema != nil && mt.Schema.Value != nil {
			if _, ok := mt.Schema.Value.Properties[property]; ok {
				return true
			}
		}
	}
	return false
}
