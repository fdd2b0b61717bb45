package constructs

import (
	"sort"
	"strings"
	"testing"
)

// statefulAddresses are the Terraform addresses of everything that holds
// data or identity: databases, buckets, secrets and their passwords, the
// DMS instance, endpoints and tasks, networks, the host, the gates and log
// groups. Construct ids become these addresses; a refactor that moves one
// makes Terraform destroy and recreate it (a new password, an empty
// database). Change this list only on purpose, with a moved block.
var statefulAddresses = []string{}

// statefulTypes are the resource types statefulAddresses covers: every
// resource of these types in the lab must be in the list.
var statefulTypes = map[string]bool{}

func init() {
	for _, a := range statefulAddresses {
		typ, _, _ := strings.Cut(a, ".")
		statefulTypes[typ] = true
	}
}

func TestStatefulResourcesKeepTheirAddresses(t *testing.T) {
	all := resourcesIn(synthesized)
	for _, a := range statefulAddresses {
		if _, ok := all[a]; !ok {
			t.Errorf("%s moved or is gone: Terraform would replace it", a)
		}
	}
	want := map[string]bool{}
	for _, a := range statefulAddresses {
		want[a] = true
	}
	var extra []string
	for a := range all {
		typ, _, _ := strings.Cut(a, ".")
		if statefulTypes[typ] && !want[a] {
			extra = append(extra, a)
		}
	}
	sort.Strings(extra)
	for _, a := range extra {
		t.Errorf("%s is new: add it to statefulAddresses", a)
	}
}
