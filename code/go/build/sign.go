package build

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/ProtonMail/go-crypto/openpgp"
)

// SignatureExt ends the name of an archive's detached signature: <name>-<version>.zip.sig.
const SignatureExt = ".sig"

// Signer signs archives with an OpenPGP private key.
type Signer struct {
	entity *openpgp.Entity
}

// LoadSigner reads an armored OpenPGP private key from keyFile. An encrypted key is decrypted
// with passphrase.
func LoadSigner(keyFile string, passphrase []byte) (*Signer, error) {
	raw, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("cannot read signing key: %w", err)
	}
	ring, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("signing key %s is not an armored OpenPGP key: %w", keyFile, err)
	}
	for _, e := range ring {
		if e.PrivateKey == nil {
			continue
		}
		if e.PrivateKey.Encrypted {
			if len(passphrase) == 0 {
				return nil, fmt.Errorf("signing key %s is encrypted: give its passphrase", keyFile)
			}
			if err := e.DecryptPrivateKeys(passphrase); err != nil {
				return nil, fmt.Errorf("signing key %s: %w", keyFile, err)
			}
		}
		return &Signer{entity: e}, nil
	}
	return nil, fmt.Errorf("signing key %s holds no private key", keyFile)
}

// NewSigner signs with an entity that holds a decrypted private key.
func NewSigner(e *openpgp.Entity) (*Signer, error) {
	if e == nil || e.PrivateKey == nil || e.PrivateKey.Encrypted {
		return nil, errors.New("a signer needs a decrypted private key")
	}
	return &Signer{entity: e}, nil
}

// Sign returns the armored detached signature of data, the form the package registry serves
// as <name>-<version>.zip.sig.
func (s *Signer) Sign(data []byte) ([]byte, error) {
	var out bytes.Buffer
	if err := openpgp.ArmoredDetachSign(&out, s.entity, bytes.NewReader(data), nil); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// WriteSignature writes the archive's signature beside it, as dir/<name>-<version>.zip.sig.
func (a *Archive) WriteSignature(dir string, s *Signer) (string, error) {
	sig, err := s.Sign(a.Data)
	if err != nil {
		return "", err
	}
	return writeAtomic(dir, a.FileName()+SignatureExt, sig)
}
