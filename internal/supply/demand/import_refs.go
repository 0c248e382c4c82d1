package demand

import (
	"context"
	"strconv"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
)

// importRefs resolves the hospital and product an import row names, each looked up once per
// import, for the orders and the standing demand imports alike.
type importRefs struct {
	q           db.Q
	p           *auth.Principal
	ownHospital int64 // a user of one hospital may leave org_id empty
	hospitals   map[int64]error
	products    map[int64]*ProductChoice
}

func (s *Service) importRefs(ctx context.Context, p *auth.Principal) *importRefs {
	x := &importRefs{q: s.DB.Reader(ctx), p: p, hospitals: map[int64]error{}, products: map[int64]*ProductChoice{}}
	if !p.IsCoordinator() {
		if hs, err := s.Hospitals(ctx, p, true); err == nil && len(hs) == 1 {
			x.ownHospital = hs[0].ID
		}
	}
	return x
}

// hospital reads an org_id cell: the id to put in the row (0 when it is no number) and whether
// p may name that hospital. Another hospital than p's own is refused like an unknown one, so an
// import tells nobody which hospitals exist.
func (x *importRefs) hospital(ctx context.Context, v string) (int64, bool, error) {
	if v == "" && x.ownHospital != 0 {
		return x.ownHospital, true, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, false, nil
	}
	herr, seen := x.hospitals[id]
	if !seen {
		herr = checkHospital(ctx, x.q, x.p, id)
		if herr != nil && kern.ErrorCode(herr) != kern.NotFound && kern.ErrorCode(herr) != kern.Invalid {
			return id, false, herr
		}
		x.hospitals[id] = herr
	}
	return id, herr == nil, nil
}

// product reads a product_id cell: the id to put in the row (0 when it is no number) and the
// product, nil when there is none by that id.
func (x *importRefs) product(ctx context.Context, v string) (int64, *ProductChoice, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, nil, nil
	}
	got, seen := x.products[id]
	if !seen {
		c, ok, err := getProductChoice(ctx, x.q, id)
		if err != nil {
			return id, nil, err
		}
		if ok {
			got = &c
		}
		x.products[id] = got
	}
	return id, got, nil
}
