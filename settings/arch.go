package settings

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// instanceTypePattern reads an EC2 instance type: series letters,
// generation digits, attribute letters, an optional -suffix (-flex, -12tb),
// then the size (nano ... 48xlarge, metal, metal-24xl).
var instanceTypePattern = regexp.MustCompile(`^([a-z]+)([0-9]+)([a-z]*)(-[a-z0-9]+)?\.(nano|micro|small|medium|large|xlarge|[1-9][0-9]{0,2}xlarge|metal(-[1-9][0-9]{0,2}xl)?)$`)

// InstanceArch is the CPU architecture, "arm64" or "x86_64", of an EC2
// instance type, or an error saying why the text is no instance type the
// generator host can run.
//
// Graviton families are a1 and every family whose attribute letters, after
// the generation digit, contain a g: t4g, m6g, m7gd, c7gn, r8g, x2gd,
// im4gn, is4gen, i4g, hpc7g, and g5g (NVIDIA on Graviton). The leading g of
// g4dn, g5, g6 or gr6 is the series, not that attribute: those are x86_64,
// as are the p, inf, trn, dl, f, vt and u families. Source: EC2 User Guide,
// "Amazon EC2 instance type naming conventions" and "Instances built on the
// AWS Graviton processors".
func InstanceArch(instanceType string) (string, error) {
	if strings.HasPrefix(instanceType, "mac") {
		return "", fmt.Errorf("%q is a Mac instance, which runs macOS on a dedicated host; the generator host runs Amazon Linux", instanceType)
	}
	if strings.HasPrefix(instanceType, "u-") && strings.Contains(instanceType, ".") {
		return "x86_64", nil // u-6tb1.metal, u-12tb1.112xlarge: high memory, Intel
	}
	m := instanceTypePattern.FindStringSubmatch(instanceType)
	if m == nil {
		return "", fmt.Errorf("%q is not an EC2 instance type of the form FAMILY.SIZE, such as t3.micro or t4g.small", instanceType)
	}
	series, attributes := m[1], m[3]
	gen, _ := strconv.Atoi(m[2])
	if strings.Contains(attributes, "g") || series == "a" && gen == 1 {
		return "arm64", nil
	}
	return "x86_64", nil
}

// GeneratorArch is the generator host's architecture. Call it on a
// validated Config: Validate refuses an instance type InstanceArch cannot
// place, and this then falls back to x86_64.
func (c *Config) GeneratorArch() string {
	arch, err := InstanceArch(c.GeneratorInstanceType)
	if err != nil {
		return "x86_64"
	}
	return arch
}
