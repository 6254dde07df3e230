package loader

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Size is a number of bytes, written in spec files as 5MB, 300KB, 2GB or a plain number.
type Size int64

// UnmarshalJSON reads a size with an optional B, KB, MB or GB unit (powers of 1024).
func (s *Size) UnmarshalJSON(data []byte) error {
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	switch v := raw.(type) {
	case float64:
		*s = Size(v)
		return nil
	case string:
		n, err := ParseSize(v)
		*s = n
		return err
	}
	return fmt.Errorf("size %s is neither a number nor a string", data)
}

// ParseSize reads a size such as 5MB.
func ParseSize(text string) (Size, error) {
	t := strings.TrimSpace(strings.ToUpper(text))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid size %q", text)
	}
	return Size(n * mult), nil
}

// String writes the size with the largest unit that divides it.
func (s Size) String() string {
	switch {
	case s >= 1<<30 && s%(1<<30) == 0:
		return fmt.Sprintf("%dGB", s>>30)
	case s >= 1<<20 && s%(1<<20) == 0:
		return fmt.Sprintf("%dMB", s>>20)
	case s >= 1<<10 && s%(1<<10) == 0:
		return fmt.Sprintf("%dKB", s>>10)
	}
	return fmt.Sprintf("%dB", int64(s))
}
