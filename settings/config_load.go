package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"sort"
	"strings"
)

// ConfigFileEnv names the environment variable that points at a lab
// configuration file other than DefaultConfigFile.
const ConfigFileEnv = "DMSLAB_CONFIG"

// DefaultConfigFile is read from the working directory (the repository root
// under cdktf) when ConfigFileEnv is not set. It is optional.
const DefaultConfigFile = "lab.json"

// ConfigPath returns the configuration file to read and whether the user
// named it explicitly (an explicit file must exist).
func ConfigPath() (string, bool) {
	if p := os.Getenv(ConfigFileEnv); p != "" {
		return p, true
	}
	return DefaultConfigFile, false
}

// LoadConfig returns the defaults overlaid with the file at path, validated.
// A missing file is fine unless required; every problem found is returned
// together, each naming its path, the value given and what is allowed.
func LoadConfig(path string, required bool) (*Config, error) {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !required:
		data = nil
	case err != nil:
		return nil, fmt.Errorf("lab configuration: %w", err)
	}
	cfg, err := ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("lab configuration %s:\n%w", path, err)
	}
	return cfg, nil
}

// ParseConfig overlays a JSON document on DefaultConfig and validates the
// result. Empty data gives the defaults.
func ParseConfig(data []byte) (*Config, error) {
	cfg := DefaultConfig()
	var ps Problems
	if len(strings.TrimSpace(string(data))) > 0 {
		var raw any
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("not valid JSON: %w", err)
		}
		// Unknown keys and wrong types are reported with the rest: decoding
		// skips both, leaving defaults in place, and Validate still runs.
		checkKeys(raw, reflect.TypeOf(cfg).Elem(), "", &ps)
		// A "serverless" object switches DMS to Serverless: its absent
		// bounds take their defaults, and the instance's own keys would be
		// silently ignored, so they are refused.
		if dms, ok := objectAt(raw, "dms"); ok {
			if _, ok := objectAt(dms, "serverless"); ok {
				d := DefaultServerless()
				cfg.DMS.Serverless = &d
				for _, k := range instanceOnlyKeys {
					if v, given := dms.(map[string]any)[k]; given {
						ps.add("dms."+k, v, `nothing while dms.serverless is set: it configures the replication instance, which DMS Serverless replaces (remove dms.`+k+`, or remove dms.serverless to use an instance)`)
					}
				}
			}
		}
		if err := json.Unmarshal(data, cfg); err != nil {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				return nil, err
			}
			if len(ps) == 0 { // checkKeys missed it; report it anyway
				ps.add(te.Field, te.Value, "a JSON "+jsonKind(te.Type))
			}
		}
	}
	if err := cfg.Validate(); err != nil {
		ps = append(ps, err.(Problems)...)
	}
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// instanceOnlyKeys are the dms keys that shape the replication instance.
var instanceOnlyKeys = []string{"instanceClass", "engineVersion", "allocatedStorageGb"}

// objectAt is raw's member key when raw is an object and the member is one.
func objectAt(raw any, key string) (any, bool) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, false
	}
	v, ok := m[key].(map[string]any)
	return v, ok
}

// forbiddenKeys are keys DMS documents but this lab refuses to send.
var forbiddenKeys = map[string]string{
	"CloudWatchLogGroup":  "nothing: AWS provider 5.46 and later reject Logging.CloudWatchLogGroup at plan time, even as null; DMS names the log group itself",
	"CloudWatchLogStream": "nothing: AWS provider 5.46 and later reject Logging.CloudWatchLogStream at plan time, even as null; DMS names the log stream itself",
}

// checkKeys reports every key in raw that type t has no field for, with its
// full path, so a misspelt setting is an error instead of silently ignored.
func checkKeys(raw any, t reflect.Type, path string, ps *Problems) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeOf(json.RawMessage{}) {
		return
	}
	switch v := raw.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			ps.add(path, "an object", "a JSON "+jsonKind(t))
			return
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			f, ok := fields[k]
			switch {
			case forbiddenKeys[k] != "":
				ps.add(join(path, k), v[k], forbiddenKeys[k])
			case !ok:
				ps.add(join(path, k), "a value", "one of the known keys: "+strings.Join(sortedKeys(fieldSet(fields)), ", "))
			default:
				checkKeys(v[k], f, join(path, k), ps)
			}
		}
	case []any:
		if t.Kind() != reflect.Slice {
			ps.add(path, "an array", "a JSON "+jsonKind(t))
			return
		}
		for i, e := range v {
			checkKeys(e, t.Elem(), path+"["+itoa(i)+"]", ps)
		}
	case string:
		if t.Kind() != reflect.String {
			ps.add(path, v, "a JSON "+jsonKind(t))
		}
	case bool:
		if t.Kind() != reflect.Bool {
			ps.add(path, v, "a JSON "+jsonKind(t))
		}
	case float64:
		isInt := t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64
		isFloat := t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64
		if !(isFloat || isInt && v == float64(int64(v))) {
			ps.add(path, v, "a JSON "+jsonKind(t))
		}
	}
}

func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

func fieldSet(m map[string]reflect.Type) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "whole number"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.String:
		return "string"
	case reflect.Slice:
		return "array"
	default:
		return "object"
	}
}
