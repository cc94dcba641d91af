package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"syscall"
	"time"
)

// Container logs: what a line says (per log format) and how it is appended, shared by the agent's ticks and the
// `logs` command.
//
// Every writer appends under an exclusive flock on the log file and gives each line a timestamp strictly later
// than the file's last one, so a file written by the agent and by `cluster.sh logs` at once still has strictly
// increasing timestamps (what a client's reconnect from sinceTime relies on).

// Log formats of a container, chosen by pod annotations: binnacle.dev/log-format (every container) and
// binnacle.dev/log-format.CONTAINER (that one). quiet: the start-up lines only, no line every second (benchmarks).
const (
	FormatPlain = "plain"
	FormatANSI  = "ansi"
	FormatJSON  = "json"
	FormatQuiet = "quiet"
)

// LogFormatAnnotation is the pod annotation naming the log format (suffix ".CONTAINER" for one container).
const LogFormatAnnotation = "binnacle.dev/log-format"

func validFormat(f string) bool {
	return f == FormatPlain || f == FormatANSI || f == FormatJSON || f == FormatQuiet
}

// level of line seq: every 10th warns, every 15th is an error (plain format: warnings only, as it always had).
func levelOf(format string, seq int) string {
	switch {
	case format != FormatPlain && format != FormatQuiet && seq%15 == 0:
		return "error"
	case seq%10 == 0:
		return "warn"
	}
	return "info"
}

// sgr is an ANSI Select Graphic Rendition sequence.
func sgr(codes string) string { return "\x1b[" + codes + "m" }

func upperLevel(level string) string {
	switch level {
	case "warn":
		return "WARN"
	case "error":
		return "ERROR"
	}
	return "INFO"
}

var ansiLevel = map[string]string{"info": sgr("32") + "INFO" + sgr("0"), "warn": sgr("33") + "WARN" + sgr("0"),
	"error": sgr("31") + "ERROR" + sgr("0")}

// freeText is a start-up or shutdown line in FORMAT: plain text as is, ANSI with the level coloured, JSON as an
// object with level, msg and ts.
func freeText(format, level, text string, ts time.Time) []byte {
	switch format {
	case FormatJSON:
		b := []byte(`{"level":"` + level + `","msg":`)
		b = strconv.AppendQuote(b, text)
		b = append(b, `,"ts":"`...)
		b = ts.UTC().AppendFormat(b, time.RFC3339Nano)
		return append(b, `"}`...)
	case FormatANSI:
		return []byte(ansiLevel[level] + " " + sgr("1") + text + sgr("0"))
	}
	return []byte(text)
}

// appendMessage appends the text of one log line (no timestamp, no newline) in FORMAT. extra ("key=value …", may be
// empty) goes after the seq field; ts is the line's own timestamp (JSON lines carry it as "ts").
func appendMessage(b []byte, format, pod, container string, seq int, extra, text string, ts time.Time) []byte {
	level := levelOf(format, seq)
	switch format {
	case FormatJSON:
		b = append(b, `{"level":"`...)
		b = append(b, level...)
		b = append(b, `","msg":`...)
		b = strconv.AppendQuote(b, text)
		b = append(b, `,"ts":"`...)
		b = ts.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","pod":`...)
		b = strconv.AppendQuote(b, pod)
		b = append(b, `,"container":`...)
		b = strconv.AppendQuote(b, container)
		b = append(b, `,"seq":`...)
		b = strconv.AppendInt(b, int64(seq), 10)
		if extra != "" {
			b = append(b, `,"extra":`...)
			b = strconv.AppendQuote(b, extra)
		}
		return append(b, '}')
	case FormatANSI:
		b = append(b, ansiLevel[level]...)
		// 256-colour grey for the fields, one of the 6x6x6 cube's colours per seq for the text's first word
		b = append(b, " "+sgr("38;5;245")+"pod="...)
		b = append(b, pod...)
		b = append(b, " container="...)
		b = append(b, container...)
		b = append(b, " seq="...)
		b = strconv.AppendInt(b, int64(seq), 10)
		if extra != "" {
			b = append(b, ' ')
			b = append(b, extra...)
		}
		b = append(b, sgr("0")+" "...)
		b = append(b, sgr("38;5;"+strconv.Itoa(16+seq%216))...)
		b = append(b, text...)
		b = append(b, sgr("0")...)
		if seq%7 == 0 { // background, bright and underline too, reset by 0
			b = append(b, " "+sgr("4;48;5;17;97")+"trace"+sgr("0")...)
		}
		return b
	default:
		b = append(b, upperLevel(level)...)
		b = append(b, " pod="...)
		b = append(b, pod...)
		b = append(b, " container="...)
		b = append(b, container...)
		b = append(b, " seq="...)
		b = strconv.AppendInt(b, int64(seq), 10)
		if extra != "" {
			b = append(b, ' ')
			b = append(b, extra...)
		}
		b = append(b, ' ')
		return append(b, text...)
	}
}

// streamOf: warnings and errors go to stderr.
func streamOf(format string, seq int) string {
	if levelOf(format, seq) == "info" {
		return "stdout"
	}
	return "stderr"
}

// appendCRI appends one CRI-format line: "<RFC3339Nano> <stream> F <message>\n".
func appendCRI(b []byte, ts time.Time, stream string, msg []byte) []byte {
	b = ts.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, ' ')
	b = append(b, stream...)
	b = append(b, " F "...)
	b = append(b, msg...)
	return append(b, '\n')
}

// logFile is a container's log opened for appending, locked (flock) until Close.
type logFile struct {
	f    *os.File
	last time.Time // timestamp of the file's last line (zero if none)
}

// openLog opens (creating) PATH for appending, takes the exclusive lock and reads the last line's timestamp.
func openLog(path string) (*logFile, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	last, err := lastTimestamp(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &logFile{f: f, last: last}, nil
}

// lastTimestamp parses the timestamp of the last complete line of f (zero time for an empty file).
func lastTimestamp(f *os.File) (time.Time, error) {
	st, err := f.Stat()
	if err != nil || st.Size() == 0 {
		return time.Time{}, err
	}
	var buf []byte
	for _, want := range []int64{4 << 10, 64 << 10} { // lines are short: 4 KiB nearly always holds the last one
		n := min(st.Size(), want)
		buf = make([]byte, n)
		if _, err := f.ReadAt(buf, st.Size()-n); err != nil && !errors.Is(err, io.EOF) {
			return time.Time{}, err
		}
		buf = bytes.TrimRight(buf, "\n")
		if i := bytes.LastIndexByte(buf, '\n'); i >= 0 {
			buf = buf[i+1:]
			break
		}
		if n == st.Size() {
			break
		}
		if want == 64<<10 {
			return time.Time{}, errors.New("last line longer than 64 KiB")
		}
	}
	sp := bytes.IndexByte(buf, ' ')
	if sp < 0 {
		return time.Time{}, fmt.Errorf("last line is not in CRI format: %q", buf)
	}
	return time.Parse(time.RFC3339Nano, string(buf[:sp]))
}

// next returns the timestamp for a line written at WANT: WANT, or 1 ns after the previous line if that is not later.
func (l *logFile) next(want time.Time) time.Time {
	if !want.After(l.last) {
		want = l.last.Add(time.Nanosecond)
	}
	l.last = want
	return want
}

func (l *logFile) write(b []byte) error {
	_, err := l.f.Write(b)
	return err
}

// unlock releases the lock and keeps the file open (the next batch locks again and re-reads the last timestamp).
func (l *logFile) unlock() error { return syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN) }

func (l *logFile) lock() error {
	if err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_EX); err != nil {
		return err
	}
	last, err := lastTimestamp(l.f)
	if err == nil && last.After(l.last) {
		l.last = last
	}
	return err
}

func (l *logFile) Close() error { return l.f.Close() } // closing releases the lock

// logLine is one start-up line: its level (warn/error go to stderr) and text.
type logLine struct{ level, text string }

// appendFree appends LINES in FORMAT to PATH under the lock, each at AT (or just after the line before).
func appendFree(path, format string, at time.Time, lines []logLine) error {
	l, err := openLog(path)
	if err != nil {
		return err
	}
	var b []byte
	for _, ln := range lines {
		ts := l.next(at)
		stream := "stdout"
		if ln.level != "info" {
			stream = "stderr"
		}
		b = appendCRI(b, ts, stream, freeText(format, ln.level, ln.text, ts))
	}
	err = l.write(b)
	if cerr := l.Close(); err == nil {
		err = cerr
	}
	return err
}
