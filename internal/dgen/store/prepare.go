package store

import (
	"context"
	"fmt"
)

// PrepareOptions configure Prepare.
type PrepareOptions struct {
	// RetentionHours is how long RDS keeps archived redo logs for CDC. Default 24.
	RetentionHours int
	// DMSUser, with DMSPassword, is the least-privilege user to create for
	// DMS. An empty password skips the user.
	DMSUser     string
	DMSPassword string
	// DMSPasswordFrom says, in messages, where a DMS user's password would
	// come from.
	DMSPasswordFrom string
}

// Step is one thing prepare looked at, and what it did.
type Step struct {
	Step   string `json:"step"`
	Status string `json:"status"` // changed, in place, skipped
	Detail string `json:"detail,omitempty"`
}

// Prepare readies the database for DMS CDC when its dialect is a Preparer,
// and says for each step whether it changed something or found it in
// place. Running it again changes nothing. Other engines have nothing to
// prepare.
func (s *Store) Prepare(ctx context.Context, o PrepareOptions) ([]Step, error) {
	p, ok := s.Dialect.(Preparer)
	if !ok {
		return []Step{{Step: "prepare", Status: "skipped", Detail: fmt.Sprintf("nothing to do on %s: CDC preparation is for an Oracle source", s.Dialect.Name())}}, nil
	}
	return p.Prepare(ctx, s, o)
}
