package pkgfs

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"
)

// archive/zip reads the whole central directory into memory before anything can be checked,
// and trusts each entry's local header to say where its data starts. An archive of millions of
// entries, or whose entries share their bytes (a few hundred kilobytes standing for gigabytes
// once every entry is read), is refused here first, from the central directory and the local
// headers alone, reading a bounded number of bytes per entry.

// Signatures and fixed sizes of the zip format (APPNOTE.TXT).
const (
	sigLocal       = 0x04034b50
	sigCentral     = 0x02014b50
	sigEnd         = 0x06054b50
	sigEnd64       = 0x06064b50
	sigEnd64Locate = 0x07064b50
	localLen       = 30
	centralLen     = 46
	endLen         = 22
	zip64Extra     = 0x0001
	flagDescriptor = 0x8
	maxUint32      = 0xffffffff
)

// dirEntry is what the central directory says of one entry.
type dirEntry struct {
	name         string
	flags        uint16
	method       uint16
	crc          uint32
	csize, usize uint64
	offset       int64 // of the local header, from the start of the file
}

// directoryEnd locates the central directory.
type directoryEnd struct {
	records uint64 // the entries it declares
	base    int64  // where the archive proper starts in the file (after data placed before it)
	offset  int64  // where the directory starts in the file
}

// readEnd finds the end of central directory record, as archive/zip does: in the last 65 KB,
// with the zip64 record when the plain one is saturated, and with the same correction for data
// placed before the archive.
func readEnd(r io.ReaderAt, size int64) (directoryEnd, error) {
	n := min(size, 65*1024+endLen)
	buf := make([]byte, n)
	if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
		return directoryEnd{}, err
	}
	p := -1
	for i := len(buf) - endLen; i >= 0; i-- {
		if binary.LittleEndian.Uint32(buf[i:]) == sigEnd {
			p = i
			break
		}
	}
	if p < 0 {
		return directoryEnd{}, errors.New("the central directory is missing or damaged (no end of central directory record)")
	}
	b := buf[p:]
	end := size - n + int64(p)
	records := uint64(binary.LittleEndian.Uint16(b[10:]))
	dirSize := uint64(binary.LittleEndian.Uint32(b[12:]))
	dirOffset := uint64(binary.LittleEndian.Uint32(b[16:]))
	if records == 0xffff || dirSize == 0xffff || dirOffset == maxUint32 {
		var loc [20]byte
		if end >= 20 {
			if _, err := r.ReadAt(loc[:], end-20); err == nil && binary.LittleEndian.Uint32(loc[:]) == sigEnd64Locate {
				off := binary.LittleEndian.Uint64(loc[8:])
				var rec [56]byte
				if off > uint64(size) || off+56 > uint64(size) {
					return directoryEnd{}, errors.New("the zip64 end record is outside the file")
				}
				if _, err := r.ReadAt(rec[:], int64(off)); err != nil || binary.LittleEndian.Uint32(rec[:]) != sigEnd64 {
					return directoryEnd{}, errors.New("the zip64 end record is damaged")
				}
				end = int64(off)
				records = binary.LittleEndian.Uint64(rec[32:])
				dirSize = binary.LittleEndian.Uint64(rec[40:])
				dirOffset = binary.LittleEndian.Uint64(rec[48:])
			}
		}
	}
	if dirSize > uint64(size) || dirOffset > uint64(size) {
		return directoryEnd{}, errors.New("the central directory is outside the file")
	}
	base := end - int64(dirSize) - int64(dirOffset)
	if o := base + int64(dirOffset); o < 0 || o >= size {
		return directoryEnd{}, errors.New("the central directory is outside the file")
	}
	if base > 0 {
		var sig [4]byte
		if _, err := r.ReadAt(sig[:], int64(dirOffset)); err == nil && binary.LittleEndian.Uint32(sig[:]) == sigCentral {
			base = 0
		}
	}
	return directoryEnd{records: records, base: base, offset: base + int64(dirOffset)}, nil
}

// scanDirectory reads the central directory entry by entry, as archive/zip will, refusing it
// as soon as it holds more than maxEntries entries (files and folders alike).
func scanDirectory(r io.ReaderAt, size int64, maxEntries int) ([]dirEntry, directoryEnd, error) {
	d, err := readEnd(r, size)
	if err != nil {
		return nil, d, err
	}
	if d.records > uint64(maxEntries) {
		return nil, d, fmt.Errorf("%w: the archive declares %d entries", errTooManyEntries, d.records)
	}
	br := bufio.NewReader(io.NewSectionReader(r, d.offset, size-d.offset))
	var out []dirEntry
	var hdr [centralLen]byte
	for {
		if _, err := io.ReadFull(br, hdr[:]); err != nil || binary.LittleEndian.Uint32(hdr[:]) != sigCentral {
			break
		}
		if len(out) == maxEntries {
			return nil, d, errTooManyEntries
		}
		e := dirEntry{
			flags:  binary.LittleEndian.Uint16(hdr[8:]),
			method: binary.LittleEndian.Uint16(hdr[10:]),
			crc:    binary.LittleEndian.Uint32(hdr[16:]),
			csize:  uint64(binary.LittleEndian.Uint32(hdr[20:])),
			usize:  uint64(binary.LittleEndian.Uint32(hdr[24:])),
			offset: int64(binary.LittleEndian.Uint32(hdr[42:])),
		}
		nameLen := int(binary.LittleEndian.Uint16(hdr[28:]))
		extraLen := int(binary.LittleEndian.Uint16(hdr[30:]))
		commentLen := int(binary.LittleEndian.Uint16(hdr[32:]))
		rest := make([]byte, nameLen+extraLen)
		if _, err := io.ReadFull(br, rest); err != nil {
			break
		}
		if _, err := br.Discard(commentLen); err != nil {
			break
		}
		e.name = string(rest[:nameLen])
		e.usize, e.csize, e.offset = zip64Values(rest[nameLen:], e.usize, e.csize, e.offset)
		e.offset += d.base
		out = append(out, e)
	}
	return out, d, nil
}

// zip64Values reads, from the zip64 extra field, the values the fixed fields leave saturated.
func zip64Values(extra []byte, usize, csize uint64, offset int64) (uint64, uint64, int64) {
	for len(extra) >= 4 {
		tag := binary.LittleEndian.Uint16(extra)
		n := int(binary.LittleEndian.Uint16(extra[2:]))
		extra = extra[4:]
		if n > len(extra) {
			break
		}
		field := extra[:n]
		extra = extra[n:]
		if tag != zip64Extra {
			continue
		}
		next := func() (uint64, bool) {
			if len(field) < 8 {
				return 0, false
			}
			v := binary.LittleEndian.Uint64(field)
			field = field[8:]
			return v, true
		}
		if usize == maxUint32 {
			if v, ok := next(); ok {
				usize = v
			}
		}
		if csize == maxUint32 {
			if v, ok := next(); ok {
				csize = v
			}
		}
		if offset == maxUint32 {
			if v, ok := next(); ok {
				offset = int64(v)
			}
		}
		break
	}
	return usize, csize, offset
}

var errTooManyEntries = errors.New("too many entries")

// checkLocal compares each entry's local header with what the central directory says of it,
// and refuses entries whose bytes overlap another's or the central directory: the name, the
// compression method and, unless the sizes follow the data, the checksum and sizes must agree.
func checkLocal(r io.ReaderAt, entries []dirEntry, dirOffset int64) error {
	type span struct {
		start, end int64
		name       string
	}
	spans := make([]span, 0, len(entries))
	var hdr [localLen]byte
	for _, e := range entries {
		at := e.offset
		if at < 0 || at+localLen > dirOffset {
			return fmt.Errorf("entry %s: its local header is outside the archive's data", printable(e.name))
		}
		if _, err := r.ReadAt(hdr[:], at); err != nil {
			return fmt.Errorf("entry %s: its local header cannot be read: %v", printable(e.name), err)
		}
		if binary.LittleEndian.Uint32(hdr[:]) != sigLocal {
			return fmt.Errorf("entry %s: no local header where the central directory places it", printable(e.name))
		}
		flags := binary.LittleEndian.Uint16(hdr[6:])
		method := binary.LittleEndian.Uint16(hdr[8:])
		crc := binary.LittleEndian.Uint32(hdr[14:])
		csize := uint64(binary.LittleEndian.Uint32(hdr[18:]))
		usize := uint64(binary.LittleEndian.Uint32(hdr[22:]))
		nameLen := int64(binary.LittleEndian.Uint16(hdr[26:]))
		extraLen := int64(binary.LittleEndian.Uint16(hdr[28:]))
		if at+localLen+nameLen+extraLen > dirOffset {
			return fmt.Errorf("entry %s: its local header runs into the central directory", printable(e.name))
		}
		rest := make([]byte, nameLen+extraLen)
		if _, err := r.ReadAt(rest, at+localLen); err != nil {
			return fmt.Errorf("entry %s: its local header cannot be read: %v", printable(e.name), err)
		}
		if local := string(rest[:nameLen]); local != e.name {
			return fmt.Errorf("entry %s: its local header names it %q: the central directory and the local headers disagree", printable(e.name), printable(local))
		}
		if method != e.method {
			return fmt.Errorf("entry %s: its local header gives compression method %d, the central directory %d", printable(e.name), method, e.method)
		}
		if flags&flagDescriptor == 0 && e.flags&flagDescriptor == 0 {
			usize, csize, _ = zip64Values(rest[nameLen:], usize, csize, 0)
			// A size left saturated without its zip64 field is taken as unknown.
			if crc != e.crc || (csize != maxUint32 && csize != e.csize) || (usize != maxUint32 && usize != e.usize) {
				return fmt.Errorf("entry %s: its local header gives %d bytes (%d compressed), the central directory %d (%d compressed): they disagree", printable(e.name), usize, csize, e.usize, e.csize)
			}
		}
		start := at + localLen + nameLen + extraLen
		if e.csize > uint64(dirOffset-start) {
			return fmt.Errorf("entry %s: its %d compressed bytes run past the entries' data into the central directory", printable(e.name), e.csize)
		}
		spans = append(spans, span{at, start + int64(e.csize), e.name})
	}
	slices.SortFunc(spans, func(a, b span) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(a.end, b.end)
	})
	for i := 1; i < len(spans); i++ {
		if spans[i].start < spans[i-1].end {
			return fmt.Errorf("entries %s and %s overlap: they share bytes of the archive (a zip bomb or a damaged archive)", printable(spans[i-1].name), printable(spans[i].name))
		}
	}
	return nil
}
