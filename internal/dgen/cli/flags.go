package cli

import (
	"flag"
	"io"
	"strings"
)

// flagSet is a command's flags, knowing which are every command's and
// which the command needs, so that the usage is generated from them.
type flagSet struct {
	*flag.FlagSet
	globals  map[string]bool
	required map[string]bool
}

func newFlagSet(name string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &flagSet{FlagSet: fs, globals: map[string]bool{}, required: map[string]bool{}}
}

// markGlobal records the flags defined so far as every command's.
func (fs *flagSet) markGlobal() {
	fs.VisitAll(func(f *flag.Flag) { fs.globals[f.Name] = true })
}

// require marks flags the command cannot do without, for the usage; the
// command's validate checks them.
func (fs *flagSet) require(names ...string) {
	for _, n := range names {
		fs.required[n] = true
	}
}

// synopsis lists the global flags (globals) or the command's own, each as
// -x ARG or --name ARG, bracketed unless required. ARG is the backquoted
// word of the flag's usage, upper-cased, else its type.
func (fs *flagSet) synopsis(globals bool) string {
	var req, opt []string
	fs.VisitAll(func(f *flag.Flag) {
		if fs.globals[f.Name] != globals {
			return
		}
		dash := "--"
		if len(f.Name) == 1 {
			dash = "-"
		}
		s := dash + f.Name
		if arg, _ := flag.UnquoteUsage(f); strings.Contains(arg, ":") {
			s += " " + arg // a URL's shape, such as s3://BUCKET/PREFIX
		} else if arg != "" {
			s += " " + strings.ToUpper(arg)
		}
		if fs.required[f.Name] {
			req = append(req, s)
		} else {
			opt = append(opt, "["+s+"]")
		}
	})
	return strings.TrimSpace(strings.Join(append(req, opt...), " "))
}
