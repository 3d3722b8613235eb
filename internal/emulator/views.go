package emulator

import (
	"cmp"
	"slices"
	"time"
)

// peerView is an entry of available_queue_info or elastic_resource_pools
// (dli_02_0189 table 3).
type peerView struct {
	PeerID     string `json:"peer_id"`
	Status     string `json:"status"`
	Name       string `json:"name"`
	ErrMsg     string `json:"err_msg"`
	UpdateTime int64  `json:"update_time"`
}

// connView is a connection as show and list answer it (dli_02_0189 table 2). Pools is a
// pointer so that a profile without pools can leave the field out while an empty
// list is still written as [].
type connView struct {
	ID                 string      `json:"id"`
	Name               string      `json:"name"`
	Status             string      `json:"status"`
	AvailableQueueInfo []peerView  `json:"available_queue_info"`
	Pools              *[]peerView `json:"elastic_resource_pools,omitempty"`
	DestVPCID          string      `json:"dest_vpc_id"`
	DestNetworkID      string      `json:"dest_network_id"`
	CreateTime         int64       `json:"create_time"`
	Hosts              []SeedHost  `json:"hosts"`
	IPv6Enable         bool        `json:"ipv6_enable"`
}

func (c *connection) view(now time.Time) connView {
	pools := peerViews(c.pools, now)
	hosts := slices.Clone(c.hosts)
	if hosts == nil {
		hosts = []SeedHost{}
	}
	return connView{
		ID: c.id, Name: c.name, Status: c.status,
		AvailableQueueInfo: peerViews(c.queues, now),
		Pools:              &pools,
		DestVPCID:          c.vpcID, DestNetworkID: c.networkID,
		CreateTime: c.createTime,
		Hosts:      hosts,
	}
}

func peerViews(list []*peer, now time.Time) []peerView {
	out := make([]peerView, 0, len(list))
	for _, p := range list {
		if now.Before(p.visibleAt) {
			continue // not listed yet (Latitude.VisibilityDelay)
		}
		status, updated := p.status(now)
		v := peerView{PeerID: p.id, Status: status, Name: p.name, UpdateTime: updated.UnixMilli()}
		if status == "FAILED" {
			v.ErrMsg = p.failMsg
		}
		out = append(out, v)
	}
	return out
}

// stateView is the harness's dump of the whole store (GET /_emulator/state).
type stateView struct {
	Now      int64          `json:"now"`
	Profile  string         `json:"profile"`
	Projects []projectState `json:"projects"`
}

type projectState struct {
	ID                   string            `json:"id"`
	Queues               []SeedResource    `json:"queues"`
	ElasticResourcePools []SeedResource    `json:"elastic_resource_pools"`
	Connections          []connectionState `json:"connections"`
}

type connectionState struct {
	connView
	RouteTableID string    `json:"routetable_id,omitempty"`
	Tags         []SeedTag `json:"tags,omitempty"`
}

func (s *store) dump() stateView {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	out := stateView{Now: now.UnixMilli(), Projects: []projectState{}}
	for _, p := range s.projects {
		ps := projectState{
			ID:                   p.id,
			Queues:               nonNil(slices.Clone(p.queues)),
			ElasticResourcePools: nonNil(slices.Clone(p.pools)),
			Connections:          []connectionState{},
		}
		for _, c := range p.conns {
			ps.Connections = append(ps.Connections, connectionState{
				connView: c.view(now), RouteTableID: c.routeTableID, Tags: slices.Clone(c.tags),
			})
		}
		out.Projects = append(out.Projects, ps)
	}
	slices.SortFunc(out.Projects, func(a, b projectState) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
