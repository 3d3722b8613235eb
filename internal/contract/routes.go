package contract

import "sync"

// A route is a pure function of the method and target, and a server sees the
// same few targets again and again: a Contract keeps the routes of recent ones
// and hands the same Route to every request of a target. A Route is not changed
// once made, so requests may share it.
const routeEntries = 1024 // routes kept; the cache starts afresh when full

type routeKey struct{ method, target string }

type routeCache struct {
	mu     sync.RWMutex
	routes map[routeKey]*Route
}

func (c *routeCache) get(k routeKey) *Route {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.routes[k]
}

func (c *routeCache) put(k routeKey, rt *Route) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.routes == nil || len(c.routes) >= routeEntries {
		c.routes = map[routeKey]*Route{}
	}
	c.routes[k] = rt
}
