//go:build linux

package cli

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dmslab/dmslab/settings"
)

// chromium finds Debian's chromium; the test fails without it unless
// DMSLAB_SKIP_BROWSER=1 says to skip.
func chromium(t *testing.T) string {
	t.Helper()
	if os.Getenv("DMSLAB_SKIP_BROWSER") == "1" {
		t.Skip("DMSLAB_SKIP_BROWSER=1: the report is not opened in a browser")
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	t.Fatal("no chromium: install Debian's chromium package (apt-get install chromium; .ci/run does), or set DMSLAB_SKIP_BROWSER=1 to skip this test")
	return ""
}

// runChromium runs headless Chromium, off the network, with a profile of
// its own, and returns what it printed.
func runChromium(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	home := t.TempDir()
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
		"--disable-default-apps", "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
		"--user-data-dir=" + t.TempDir()}
	cmd := exec.CommandContext(ctx, bin, append(flags, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "XDG_CACHE_HOME="+home)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// TestReportInChromium opens the report in headless Chromium: the DOM it
// builds shows one chart point per datum served and the numbers given,
// loads nothing from elsewhere, and the screenshot is not blank.
func TestReportInChromium(t *testing.T) {
	bin := chromium(t)
	lab := newReportLab(time.Now().UTC().Truncate(time.Minute))
	page, _, _ := buildReport(t, lab)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	url := "file://" + path
	start := time.Now()

	dom := runChromium(t, bin, "--dump-dom", url)
	if !bytes.Contains(dom, []byte("dmslab-oracle-to-aurora")) {
		t.Fatalf("Chromium's DOM lacks the report:\n%.2000s", dom)
	}
	facts := readPage(t, dom)
	checkReport(t, facts, lab, settings.DefaultConfig())
	if written := readPage(t, page); !reflect.DeepEqual(facts, written) {
		t.Errorf("Chromium's DOM shows other facts than the page written:\nDOM  %+v\npage %+v", facts, written)
	}

	shot := filepath.Join(t.TempDir(), "report.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1280,2000", "--hide-scrollbars", url)
	t.Logf("Chromium: DOM and screenshot in %s", time.Since(start).Round(100*time.Millisecond))
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 2000 {
		t.Errorf("screenshot is %v, want 1280x2000", b)
	}
	differ, colors := pixelsOf(img)
	if total := img.Bounds().Dx() * img.Bounds().Dy(); differ < total/100 {
		t.Errorf("screenshot nearly blank: %d of %d pixels differ from the background", differ, total)
	}
	// Each chart's lines were drawn: their colors are on the screen.
	for _, c := range []string{"#1f6feb", "#d1242f", "#1a7f37", "#8250df"} {
		if colors[c] < 20 {
			t.Errorf("the screenshot has %d pixels of the series color %s", colors[c], c)
		}
	}
	if keep := os.Getenv("DMSLAB_REPORT_SCREENSHOT"); keep != "" {
		b, _ := os.ReadFile(shot)
		os.WriteFile(keep, b, 0o644)
	}
}

// pixelsOf counts the pixels unlike the top-left one, and the pixels of
// each exact color.
func pixelsOf(img image.Image) (differ int, colors map[string]int) {
	colors = map[string]int{}
	b := img.Bounds()
	bg := color.NRGBAModel.Convert(img.At(b.Min.X, b.Min.Y)).(color.NRGBA)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			if c != bg {
				differ++
			}
			colors[strings.ToLower(hexColor(c))]++
		}
	}
	return differ, colors
}

func hexColor(c color.NRGBA) string {
	const digits = "0123456789abcdef"
	return string([]byte{'#', digits[c.R>>4], digits[c.R&15], digits[c.G>>4], digits[c.G&15], digits[c.B>>4], digits[c.B&15]})
}

// TestServerlessReportInChromium: the serverless report as Chromium
// builds it shows the same facts as the page written, and its capacity
// chart is drawn.
func TestServerlessReportInChromium(t *testing.T) {
	bin := chromium(t)
	lab := runningServerlessLab(time.Now().UTC().Truncate(time.Minute))
	deprovisionedS3(lab)
	page, _, _ := buildServerlessReport(t, lab)
	path := filepath.Join(t.TempDir(), "report.html")
	if err := os.WriteFile(path, page, 0o644); err != nil {
		t.Fatal(err)
	}
	dom := runChromium(t, bin, "--dump-dom", "file://"+path)
	facts := readPage(t, dom)
	checkServerlessReport(t, facts, lab)
	if written := readPage(t, page); !reflect.DeepEqual(facts, written) {
		t.Errorf("Chromium's DOM shows other facts than the page written:\nDOM  %+v\npage %+v", facts, written)
	}
	shot := filepath.Join(t.TempDir(), "report.png")
	runChromium(t, bin, "--screenshot="+shot, "--window-size=1280,2400", "--hide-scrollbars", "file://"+path)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if _, colors := pixelsOf(img); colors[colorCapacity] < 20 {
		t.Errorf("the screenshot has %d pixels of the capacity chart's color %s", colors[colorCapacity], colorCapacity)
	}
}

// colorCapacity is the capacity chart's series color (report.colorE).
const colorCapacity = "#bf8700"
