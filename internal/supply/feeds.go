package supply

import (
	"context"
	"fmt"
	"math"
	"slices"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

// MaxFeeds is how many upstream facilities one facility may name.
const MaxFeeds = 8

// Feed says that a facility (a processor, a generator maker) depends on an upstream facility (a
// reactor, a processor) for a share of its production. An allocation run reduces the facility's
// runs when an upstream facility has an unplanned outage: share × that outage's reduction.
type Feed struct {
	FacilityID   int64   `json:"facility_id"`
	UpstreamID   int64   `json:"upstream_id"`
	UpstreamName string  `json:"upstream_name"`
	Share        float64 `json:"share"` // 0 < share ≤ 1
}

// FeedInput is one upstream facility and its share.
type FeedInput struct {
	UpstreamID int64
	Share      float64
}

// FeedField names the field of feed i in errors: "feeds[0].share" in the API, "share_0" in a form.
type FeedField func(i int, field string) string

// APIFeedField names feed fields as the API does.
func APIFeedField(i int, field string) string { return fmt.Sprintf("feeds[%d].%s", i, field) }

// ValidateFeeds checks a facility's feeds on their own: each names another facility once, with a
// share above 0 and at most 1, and together the shares are at most the whole production.
func ValidateFeeds(facilityID int64, in []FeedInput, name FeedField) error {
	var v kern.Validation
	v.Check(len(in) <= MaxFeeds, "feeds", "supply.feeds_too_many")
	seen := map[int64]bool{}
	total := 0.0
	for i, f := range in {
		if v.Check(f.UpstreamID > 0, name(i, "upstream_id"), "field.required") &&
			v.Check(f.UpstreamID != facilityID, name(i, "upstream_id"), "supply.feed_self") {
			v.Check(!seen[f.UpstreamID], name(i, "upstream_id"), "supply.feed_duplicate")
		}
		seen[f.UpstreamID] = true
		if v.Check(f.Share > 0 && f.Share <= 1 && !math.IsNaN(f.Share), name(i, "share"), "supply.feed_share") {
			total += f.Share
		}
	}
	v.Check(total <= 1+1e-9, "feeds", "supply.feeds_over_whole")
	return v.Err()
}

func listFeeds(ctx context.Context, q db.Q, facilityID int64) ([]Feed, error) {
	return queryAll(ctx, q, `SELECT ff.facility_id, ff.upstream_id, f.name, ff.share FROM facility_feeds ff
JOIN facilities f ON f.id = ff.upstream_id WHERE ff.facility_id = $1 ORDER BY ff.share DESC, f.name`, []any{facilityID},
		func(row scanner) (Feed, error) {
			var f Feed
			err := row.Scan(&f.FacilityID, &f.UpstreamID, &f.UpstreamName, &f.Share)
			return f, err
		})
}

// Feeds lists the upstream facilities a facility depends on. Every logged-in user may read them,
// as they may read the facility.
func (s *Service) Feeds(ctx context.Context, p *auth.Principal, facilityID int64) ([]Feed, error) {
	if _, err := s.Facility(ctx, p, facilityID); err != nil {
		return nil, err
	}
	return listFeeds(ctx, s.DB.Reader(ctx), facilityID)
}

// SetFeeds replaces the feeds of a facility of p's own producer (a coordinator: any). An upstream
// facility may belong to another producer; a feed that would make a facility depend on itself
// through others is refused.
func (s *Service) SetFeeds(ctx context.Context, p *auth.Principal, facilityID int64, in []FeedInput, name FeedField) ([]Feed, error) {
	if err := auth.RequireWrite(p); err != nil {
		return nil, err
	}
	var after []Feed
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := writableFacility(ctx, q, p, facilityID); err != nil {
			return err
		}
		if err := ValidateFeeds(facilityID, in, name); err != nil {
			return err
		}
		before, err := listFeeds(ctx, q, facilityID)
		if err != nil {
			return err
		}
		// The graph of every other facility's feeds, to find a cycle through the new ones.
		upstreams := map[int64][]int64{}
		rows, err := q.QueryContext(ctx, `SELECT facility_id, upstream_id FROM facility_feeds WHERE facility_id <> $1`, facilityID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var f, u int64
			if err := rows.Scan(&f, &u); err != nil {
				rows.Close()
				return err
			}
			upstreams[f] = append(upstreams[f], u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var v kern.Validation
		for i, f := range in {
			var exists bool
			if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM facilities WHERE id = $1)`, f.UpstreamID).Scan(&exists); err != nil {
				return err
			}
			if !v.Check(exists, name(i, "upstream_id"), "supply.upstream_unknown") {
				continue
			}
			v.Check(!reaches(upstreams, f.UpstreamID, facilityID), name(i, "upstream_id"), "supply.feed_cycle")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM facility_feeds WHERE facility_id = $1`, facilityID); err != nil {
			return err
		}
		for _, f := range in {
			if _, err := q.ExecContext(ctx, `INSERT INTO facility_feeds (facility_id, upstream_id, share) VALUES ($1, $2, $3)`,
				facilityID, f.UpstreamID, f.Share); err != nil {
				return err
			}
		}
		if after, err = listFeeds(ctx, q, facilityID); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "facility_feeds", facilityID, before, after)
	})
	return after, err
}

// reaches reports whether target is upstream of from (or from itself) in the graph.
func reaches(upstreams map[int64][]int64, from, target int64) bool {
	seen := map[int64]bool{}
	stack := []int64{from}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n == target {
			return true
		}
		if seen[n] {
			continue
		}
		seen[n] = true
		stack = append(stack, upstreams[n]...)
	}
	return false
}

// UpstreamChoices are the facilities a facility may name as upstream: every other facility.
func (s *Service) UpstreamChoices(ctx context.Context, p *auth.Principal, facilityID int64) ([]Facility, error) {
	all, err := s.AllFacilities(ctx, p, FacilityFilter{})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(f Facility) bool { return f.ID == facilityID }), nil
}

// Percent is the share in percent.
func (f Feed) Percent() float64 { return math.Round(f.Share*1000) / 10 }
