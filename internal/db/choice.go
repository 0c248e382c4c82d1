package db

import (
	"context"
	"fmt"
)

// Choice is an id and a name, for a form's picker.
type Choice struct {
	ID   int64
	Name string
}

// Choices runs a query that selects an id and a name per row.
func Choices(ctx context.Context, q Q, query string, args ...any) ([]Choice, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("choices: %w", err)
	}
	defer rows.Close()
	var out []Choice
	for rows.Next() {
		var c Choice
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
