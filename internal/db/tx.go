package db

import (
	"context"
	"database/sql"
	"fmt"
)

// Q is what a store needs to run SQL: a *sql.DB, a *sql.Tx or a *sql.Conn.
type Q interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type txKey struct{}

// InTx runs fn in a transaction on the writer pool, committing when fn returns nil and rolling
// back otherwise, so a failed request leaves nothing half-written. A transaction already in ctx
// is reused: a service calling another service joins its transaction.
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context, q Q) error) (err error) {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return fn(ctx, tx)
	}
	tx, err := d.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(context.WithValue(ctx, txKey{}, tx), tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Reader returns the transaction in ctx, if any, else the reader pool with its statement cache:
// reads inside a write see the write's own changes.
func (d *DB) Reader(ctx context.Context) Q {
	if tx, ok := ctx.Value(txKey{}).(*sql.Tx); ok {
		return tx
	}
	return d.cache
}
