// Package pgtest starts a throwaway PostgreSQL server for tests: a fresh
// cluster in a temporary directory, on a free loopback port, stopped and
// removed when the test binary is done with it.
package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
)

// Server is a running cluster that trusts local connections.
type Server struct {
	Dir  string
	Port int
	bin  string
	user string // OS user that owns the cluster; "" means the current one
	opts string // pg_ctl's -o: port, socket directory, settings
	dbs  atomic.Int64
}

// Start initializes and starts a cluster tuned for tests: nothing waits for
// the disk. initdb refuses to run as root, so as root the cluster belongs to
// the postgres user.
func Start() (*Server, error) { return start(false) }

// StartDurable starts a cluster with PostgreSQL's default durability (fsync
// and synchronous commit on), for benchmarks whose figures must mean
// something on a real server.
func StartDurable() (*Server, error) { return start(true) }

func start(durable bool) (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		s.user = "postgres"
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root needs a postgres user to own the test cluster: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	s.Port, err = freePort()
	if err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=50", s.Port, dir)
	if !durable {
		opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	s.opts = opts
	if err := s.Resume(); err != nil {
		return nil, err
	}
	return s, nil
}

// Halt stops the server as an RDS reboot does (a fast shutdown: sessions
// are ended, connections refused) and keeps its files, for Resume.
func (s *Server) Halt() error {
	if out, err := s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "fast", "-w", "-t", "60", "stop"); err != nil {
		return fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
	}
	return nil
}

// Resume starts the server (again, after Halt) on the same port.
func (s *Server) Resume() error {
	data := filepath.Join(s.Dir, "data")
	if out, err := s.run("pg_ctl", "-D", data, "-o", s.opts, "-l", filepath.Join(s.Dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
		return fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	return nil
}

// URL is a postgres:// DSN for a database of this server. The cluster
// trusts local connections, so the password is only a placeholder.
func (s *Server) URL(db string) string {
	return fmt.Sprintf("postgres://postgres:test@127.0.0.1:%d/%s?sslmode=disable", s.Port, db)
}

// CreateDB makes a new, empty database; "NAME -T OTHER" makes a copy of OTHER.
func (s *Server) CreateDB(name string) error {
	args := append([]string{"-h", "127.0.0.1", "-p", strconv.Itoa(s.Port), "-U", "postgres"}, strings.Fields(name)...)
	out, err := s.run("createdb", args...)
	if err != nil {
		return fmt.Errorf("createdb %s: %v\n%s", name, err, out)
	}
	return nil
}

// NewDB creates a new, empty database with a name of its own and returns
// its URL.
func (s *Server) NewDB() (string, error) {
	name := fmt.Sprintf("t%d", s.dbs.Add(1))
	if err := s.CreateDB(name); err != nil {
		return "", err
	}
	return s.URL(name), nil
}

// Stop shuts the server down and removes its files.
func (s *Server) Stop() {
	s.run("pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(s.Dir)
}

func (s *Server) run(tool string, args ...string) ([]byte, error) {
	path := filepath.Join(s.bin, tool)
	var cmd *exec.Cmd
	if s.user != "" {
		cmd = exec.Command("runuser", append([]string{"-u", s.user, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = s.Dir
	return cmd.CombinedOutput()
}

func binDir() (string, error) {
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dir := strings.TrimSpace(string(out))
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(matches) > 0 {
		return filepath.Dir(matches[len(matches)-1]), nil
	}
	return "", fmt.Errorf("no PostgreSQL server binaries (initdb) found: install postgresql (Debian: apt-get install postgresql)")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Main is a test binary's TestMain around one server: it starts the server,
// hands it to use, runs the tests (m is the *testing.M), stops the server and
// exits with the tests' status.
func Main(m interface{ Run() int }, use func(*Server)) {
	s, err := Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot start PostgreSQL for the tests:", err)
		os.Exit(1)
	}
	use(s)
	code := m.Run()
	s.Stop()
	os.Exit(code)
}
