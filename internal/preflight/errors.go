package preflight

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// apiError is the error code and message AWS answered with; "" when the
// call never got an answer (network, credentials, context).
func apiError(err error) (code, message string) {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode(), ae.ErrorMessage()
	}
	return "", ""
}

// httpStatus is the HTTP status of AWS's answer, 0 when there was none.
func httpStatus(err error) int {
	var re *awshttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// describe says what went wrong with a call in one line.
func describe(err error) string {
	if code, msg := apiError(err); code != "" {
		if msg == "" {
			return code
		}
		return code + ": " + msg
	}
	return oneLine(err)
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// unchecked is the line for a check AWS did not answer: a warning, since
// the deploy may well go through, with the permission it needs.
func unchecked(id, title, asked string, err error, permission string) Check {
	return Check{
		ID: id, Title: title, Status: Warn,
		Summary: "could not check",
		Asked:   asked,
		Answer:  describe(err),
		Action:  fmt.Sprintf("check it by hand, or run the preflight as an identity allowed %s", permission),
	}
}

// compareVersions orders engine versions such as "16.4", "16.10" and
// "19.0.0.0.ru-2025-07.rur-2025-07.r1": numbers as numbers, the rest as text.
func compareVersions(a, b string) int {
	as, bs := splitVersion(a), splitVersion(b)
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, errX := strconv.Atoi(as[i])
		y, errY := strconv.Atoi(bs[i])
		switch {
		case errX == nil && errY == nil:
			if x != y {
				if x < y {
					return -1
				}
				return 1
			}
		case as[i] != bs[i]:
			if as[i] < bs[i] {
				return -1
			}
			return 1
		}
	}
	return len(as) - len(bs)
}

func splitVersion(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == '.' || r == '-' })
}

func sortVersions(vs []string) {
	sort.Slice(vs, func(i, j int) bool { return compareVersions(vs[i], vs[j]) < 0 })
}

// uniq sorts and de-duplicates.
func uniq(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// list shows at most n items, saying how many more there are.
func list(items []string, n int) string {
	if len(items) == 0 {
		return "none"
	}
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
