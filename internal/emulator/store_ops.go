package emulator

import (
	"cmp"
	"slices"
	"strings"
)

// bindRequest names what to bind or unbind, already deduplicated.
type bindRequest struct {
	queues, pools []string
}

func (r bindRequest) empty() bool { return len(r.queues) == 0 && len(r.pools) == 0 }

// Bind and unbind are in latitude_store.go: the documented behaviour, with what a
// Latitude leaves open.

// liveConnection applies the checks that bind and unbind share, in the order DLI's
// documented errors suggest: the connection first, then the names. Callers hold s.mu.
func (s *store) liveConnection(projectID, id string, req bindRequest) (*project, *connection, error) {
	p, c, err := s.lookup(projectID, id)
	if err != nil {
		return nil, nil, err
	}
	if c.status == statusDeleted {
		return nil, nil, refuse(errConnectionDeleted, id)
	}
	if req.empty() {
		return nil, nil, errNothingToBind
	}
	if err := p.checkNames(req.queues, req.pools); err != nil {
		return nil, nil, err
	}
	return p, c, nil
}

// newConnection is a validated create request.
type newConnection struct {
	name, vpcID, networkID, routeTableID string
	hosts                                []SeedHost
	tags                                 []SeedTag
	bind                                 bindRequest
}

// create adds an ACTIVE connection with the given resources bound. A project that the
// seed does not know starts empty, like a fresh tenant: it has no queues to bind.
func (s *store) create(projectID string, in newConnection) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.projects[projectID]
	if p == nil {
		p = &project{id: projectID, byID: map[string]*connection{}}
	}
	if err := p.checkNames(in.bind.queues, in.bind.pools); err != nil {
		return "", err
	}
	s.projects[projectID] = p
	c := &connection{
		id: newUUID(), name: in.name, status: statusActive,
		vpcID: in.vpcID, networkID: in.networkID, routeTableID: in.routeTableID,
		createTime: s.now().UnixMilli(),
		hosts:      in.hosts,
		tags:       in.tags,
	}
	c.queues = s.attach(nil, in.bind.queues, p.queues)
	c.pools = s.attach(nil, in.bind.pools, p.pools)
	p.conns = append(p.conns, c)
	p.byID[c.id] = c
	return c.id, nil
}

// remove soft-deletes a connection: it stays queryable with status DELETED and its
// peerings are torn down. Deleting it again is refused.
func (s *store) remove(projectID, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.lookup(projectID, id)
	if err != nil {
		return err
	}
	if c.status == statusDeleted {
		return refuse(errConnectionDeleted, id)
	}
	c.status = statusDeleted
	c.queues, c.pools = nil, nil
	return nil
}

func (s *store) show(projectID, id string) (connView, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.lookup(projectID, id)
	if err != nil {
		return connView{}, err
	}
	return c.view(s.now()), nil
}

// listFilter holds the list operation's query (dli_02_0190 table 2). Limit 0 means all.
type listFilter struct {
	status, name  string
	tags          []SeedTag
	limit, offset int
}

func (f listFilter) match(c *connection) bool {
	if f.status != "" && !strings.EqualFold(f.status, c.status) {
		return false
	}
	if f.name != "" && f.name != c.name {
		return false
	}
	for _, t := range f.tags {
		if !slices.Contains(c.tags, t) {
			return false
		}
	}
	return true
}

// list returns one page of the matching connections, oldest first, and how many match
// in all.
func (s *store) list(projectID string, f listFilter) ([]connView, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var matched []*connection
	if p := s.projects[projectID]; p != nil {
		for _, c := range p.conns {
			if f.match(c) {
				matched = append(matched, c)
			}
		}
	}
	slices.SortStableFunc(matched, func(a, b *connection) int { return cmp.Compare(a.createTime, b.createTime) })
	count := len(matched)
	matched = matched[min(f.offset, count):]
	if f.limit > 0 && f.limit < len(matched) {
		matched = matched[:f.limit]
	}
	now := s.now()
	out := make([]connView, 0, len(matched))
	for _, c := range matched {
		out = append(out, s.listedView(projectID, c, now))
	}
	return out, count
}

func (s *store) bindings(projectID, id string) (queues, pools []string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.lookup(projectID, id)
	if err != nil {
		return nil, nil, err
	}
	return peerNames(c.queues), peerNames(c.pools), nil
}
