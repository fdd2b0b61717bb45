package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// BenchmarkPreload loads the same rows into the three tables three ways, on
// a PostgreSQL server with its default durability, and reports rows/s:
//
//	Bulk        dgen preload: COPY batches with their ledger and progress rows
//	RowAtATime  one INSERT and one COMMIT per row, as the earlier dgen did
//	PlainCopy   COPY of the same rows and nothing else: the ceiling
//
// scripts/bench-dgen runs it and prints the ratios.
func BenchmarkPreload(b *testing.B) {
	srv, err := pgtest.StartDurable()
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Stop()
	url, err := srv.NewDB()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	s, err := connect.OpenURL(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer s.DB.Close()
	if err := s.Init(ctx); err != nil {
		b.Fatal(err)
	}
	const bulkRows = 50000
	rowsFor := func(n int64) map[string][]store.Row {
		out := map[string][]store.Row{}
		for _, t := range store.Tables {
			rows := make([]store.Row, n)
			for i := range rows {
				rows[i] = store.NewRow(store.RowRand(1, t.Name, int64(i)), int64(i+1), 0)
				if t.RefersToTable1 {
					rows[i].Ref, rows[i].HasRef = int64(i%int(n))+1, true
				}
			}
			out[t.Name] = rows
		}
		return out
	}
	reset := func(b *testing.B) {
		b.StopTimer()
		for _, q := range []string{`TRUNCATE "TABLE2", "TABLE3", "DGEN_LEDGER", "DGEN_PRELOAD"`, `TRUNCATE "TABLE1" CASCADE`} {
			if _, err := s.DB.ExecContext(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
	}
	report := func(b *testing.B, perIteration int64, elapsed time.Duration) {
		b.ReportMetric(float64(perIteration)*float64(b.N)/elapsed.Seconds(), "rows/s")
	}

	b.Run("Bulk", func(b *testing.B) {
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			reset(b)
			start := time.Now()
			if _, err := s.Preload(ctx, store.PreloadOptions{Rows: bulkRows, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			elapsed += time.Since(start)
		}
		report(b, 3*bulkRows, elapsed)
	})

	b.Run("PlainCopy", func(b *testing.B) {
		data := rowsFor(bulkRows)
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			reset(b)
			start := time.Now()
			conn, err := s.DB.Conn(ctx)
			if err != nil {
				b.Fatal(err)
			}
			err = conn.Raw(func(dc any) error {
				pc := dc.(*stdlib.Conn).Conn()
				for _, t := range store.Tables {
					src := make([][]any, len(data[t.Name]))
					for j, r := range data[t.Name] {
						src[j] = r.Args(t)
					}
					if _, err := pc.CopyFrom(ctx, pgx.Identifier{t.Name}, t.Columns(), pgx.CopyFromRows(src)); err != nil {
						return err
					}
				}
				return nil
			})
			conn.Close()
			if err != nil {
				b.Fatal(err)
			}
			elapsed += time.Since(start)
		}
		report(b, 3*bulkRows, elapsed)
	})

	b.Run("RowAtATime", func(b *testing.B) {
		const n = 1000 // the slow path: fewer rows, same rows/s measure
		data := rowsFor(n)
		var elapsed time.Duration
		for i := 0; i < b.N; i++ {
			reset(b)
			start := time.Now()
			for _, t := range store.Tables {
				for _, r := range data[t.Name] {
					if err := insertAndCommit(ctx, s.DB, store.InsertSQL(s.Dialect, t), r.Args(t)); err != nil {
						b.Fatal(err)
					}
				}
			}
			elapsed += time.Since(start)
		}
		report(b, 3*n, elapsed)
	})
}

func insertAndCommit(ctx context.Context, db *sql.DB, q string, args []any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		tx.Rollback()
		return fmt.Errorf("insert: %w", err)
	}
	return tx.Commit()
}
