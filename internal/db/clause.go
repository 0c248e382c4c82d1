package db

import (
	"fmt"
	"strings"
)

// Clause builds a WHERE from fixed conditions of the filters that are set, so the database can use
// an index for each; values are always bound, never written into the SQL.
type Clause struct {
	conds []string
	Args  []any
}

// Add appends a condition whose "?" marks are bound, in order, to args.
func (c *Clause) Add(cond string, args ...any) {
	for _, a := range args {
		c.Args = append(c.Args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(c.Args)), 1)
	}
	c.conds = append(c.conds, cond)
}

// SQL is the WHERE clause, or nothing without conditions.
func (c *Clause) SQL() string {
	if len(c.conds) == 0 {
		return ""
	}
	return "WHERE " + strings.Join(c.conds, " AND ")
}

// Page appends LIMIT and OFFSET, bound after the conditions' values.
func (c *Clause) Page(limit, offset int) (string, []any) {
	n := len(c.Args)
	return fmt.Sprintf(" LIMIT $%d OFFSET $%d", n+1, n+2), append(append([]any{}, c.Args...), limit, offset)
}

// EscapeLike escapes the wildcards of a LIKE pattern (used with ESCAPE '\').
func EscapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
