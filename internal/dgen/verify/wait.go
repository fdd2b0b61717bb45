package verify

import (
	"context"
	"time"
)

// Pair is a source and a target to compare.
type Pair struct {
	Source, Target Side
	// Types, when set, adds the TYPES fidelity report (CheckTypes).
	Types *TypesCheck
}

// UntilEqual compares each pair that pairs returns (fresh sides each
// round: the files change while DMS writes) until every target equals its
// source or wait has passed, comparing again every every. While there is
// time left, a target that cannot be read yet (DMS drops and creates the
// tables at the start of a full load) counts as not caught up. It returns
// the last round's reports.
func UntilEqual(ctx context.Context, pairs func() []Pair, examples int, wait, every time.Duration) ([]Report, error) {
	deadline := time.Now().Add(wait)
	var reports []Report
	for {
		reports = reports[:0]
		equal := true
		var failed error
		for _, p := range pairs() {
			rep, err := Verify(ctx, p.Source, p.Target, examples)
			if err == nil && p.Types != nil {
				err = addTypes(ctx, &rep, p)
			}
			if err != nil {
				failed = err
				break
			}
			reports = append(reports, rep)
			equal = equal && rep.Equal
		}
		left := time.Until(deadline)
		if failed != nil && left <= 0 {
			return nil, failed
		}
		if failed == nil && (equal || left <= 0) {
			return reports, nil
		}
		timer := time.NewTimer(min(every, left))
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}
