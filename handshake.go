package hooksig

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// A Handshake is what a [Responder] is given: the verified delivery and the means to answer a
// challenge with the key that verified it, without the key itself.
type Handshake struct {
	// Delivery is the verified request.
	Delivery *Delivery

	mac func(msg []byte) []byte
}

// MAC returns the scheme's HMAC of msg under the secret that verified the delivery (Zoom
// answers its challenge with hex(HMAC-SHA256(secret, plainToken))). It returns nil when that
// key is not a symmetric secret. A responder must use it only on text the sender signed: an
// answer keyed on input anyone can choose would make the route a signing oracle.
func (h *Handshake) MAC(msg []byte) []byte {
	if h == nil || h.mac == nil {
		return nil
	}
	return h.mac(msg)
}

// An UnsignedHandshake is an endpoint check a sender makes without signing it (Meta's
// subscription GET; X's CRC, Okta's and Microsoft Graph's challenges follow the same rules).
// It is the one exception to "verify first", so it is narrow: answered only when the scheme
// declares it, only for a request of exactly its documented method and shape, with its
// configuration (a verify token) checked by New and compared in constant time, and an echoed
// value capped in length and character set, sent with an explicit Content-Type and
// X-Content-Type-Options: nosniff. It never reaches next or the replay step. Any other request
// is an ordinary delivery: verified, or 401. Build one with [QueryChallenge], [CRCChallenge],
// [HeaderChallenge], [TokenEcho] or [HeadProbe].
type UnsignedHandshake struct{ u *unsigned }

type unsigned struct {
	name   string
	method string
	check  func() error // the configuration, checked by New
	// answer writes the answer and reports true when r has the handshake's exact shape and
	// its token matches; otherwise it writes nothing. keys gives what the route's keys may be
	// used for here, never the keys.
	answer func(w http.ResponseWriter, r *http.Request, keys handshakeKeys) bool
}

// handshakeKeys is what an unsigned handshake may do with the route's keys.
type handshakeKeys interface {
	// mac is the scheme's HMAC of msg under the first configured secret; nil if none.
	mac(msg []byte) []byte
	// token reports, in constant time, whether v equals one of the configured secrets.
	token(v string) bool
}

// A QueryChallenge declares an unsigned handshake of Meta's kind: a GET whose query carries a
// fixed mode, the verify token you gave the sender, and a challenge the endpoint echoes.
//
//	GET /webhook?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<challenge>
//	→ 200, text/plain, <challenge>
type QueryChallenge struct {
	ModeParam, Mode string // the mode parameter and its one accepted value ("hub.mode", "subscribe")
	TokenParam      string // the parameter carrying the verify token ("hub.verify_token")
	ChallengeParam  string // the parameter echoed back ("hub.challenge")
	Token           string // the verify token configured with the sender: 1 to 256 printable ASCII characters
}

// maxChallenge caps an echoed challenge.
const maxChallenge = 128

// Handshake returns the handshake q declares.
func (q QueryChallenge) Handshake() UnsignedHandshake {
	return UnsignedHandshake{&unsigned{
		name:   "query challenge",
		method: http.MethodGet,
		check: func() error {
			if q.ModeParam == "" || q.Mode == "" || q.TokenParam == "" || q.ChallengeParam == "" {
				return errors.New("a QueryChallenge needs its three parameters and the mode")
			}
			if q.Token == "" || len(q.Token) > 256 || !printable(q.Token) {
				return errors.New("the handshake's verify token must be 1 to 256 printable ASCII characters")
			}
			return nil
		},
		answer: func(w http.ResponseWriter, r *http.Request, _ handshakeKeys) bool {
			if r.Method != http.MethodGet || r.ContentLength > 0 || len(r.TransferEncoding) > 0 {
				return false
			}
			query := r.URL.Query()
			mode, ok1 := one(query[q.ModeParam])
			token, ok2 := one(query[q.TokenParam])
			challenge, ok3 := one(query[q.ChallengeParam])
			if !ok1 || !ok2 || !ok3 || mode != q.Mode || !echoable(challenge) {
				return false
			}
			if subtle.ConstantTimeCompare([]byte(token), []byte(q.Token)) != 1 {
				return false
			}
			writeUnsigned(w, "text/plain; charset=utf-8", challenge)
			return true
		},
	}}
}

func one(vs []string) (string, bool) {
	if len(vs) != 1 || vs[0] == "" {
		return "", false
	}
	return vs[0], true
}

// echoable: 1 to maxChallenge characters of [A-Za-z0-9._~-], nothing a browser could take for
// markup or script.
func echoable(s string) bool {
	if len(s) == 0 || len(s) > maxChallenge {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("._~-", c) >= 0) {
			return false
		}
	}
	return true
}

func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// checkUnsigned validates a scheme's unsigned handshake for New.
func checkUnsigned(u UnsignedHandshake) error {
	if u.u == nil {
		return nil
	}
	if err := u.u.check(); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidOption, err)
	}
	return nil
}

// A CRCChallenge declares an unsigned handshake of X's kind (the Account Activity API's
// challenge-response check): a GET whose query carries Param, answered with JSON
// {"response_token": "sha256=" + base64(HMAC-SHA256(secret, token))} under the route's first
// secret. That answer is a signature, and the sender signs deliveries with the same key and no
// timestamp: so it is given only for a token of 1 to 128 characters of [A-Za-z0-9+/=_-] (X's
// tokens are base64), never for text that could be a JSON object; pair it with
// [JSONObjectBody] so that no such text verifies as a delivery either.
type CRCChallenge struct {
	Param string // the query parameter carrying the token ("crc_token")
}

// Handshake returns the handshake c declares.
func (c CRCChallenge) Handshake() UnsignedHandshake {
	return UnsignedHandshake{&unsigned{
		name:   "CRC challenge",
		method: http.MethodGet,
		check: func() error {
			if c.Param == "" {
				return errors.New("a CRCChallenge needs its query parameter")
			}
			return nil
		},
		answer: func(w http.ResponseWriter, r *http.Request, keys handshakeKeys) bool {
			if r.Method != http.MethodGet || r.ContentLength > 0 || len(r.TransferEncoding) > 0 {
				return false
			}
			token, ok := one(r.URL.Query()[c.Param])
			if !ok || !crcToken(token) {
				return false
			}
			mac := keys.mac([]byte(token))
			if mac == nil {
				return false
			}
			writeUnsignedJSON(w, `{"response_token":"sha256=`+base64.StdEncoding.EncodeToString(mac)+`"}`)
			return true
		},
	}}
}

// crcToken: 1 to 128 characters of base64's alphabets.
func crcToken(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("+/=_-", c) >= 0) {
			return false
		}
	}
	return true
}

// A HeaderChallenge declares an unsigned handshake of Okta's kind (event hooks' one-time
// verification): a GET carrying Header, answered with JSON {Field: <the header's value>}. It is
// answered only when the request also carries the route's shared token (the scheme's signature
// field holds one of its secrets, compared in constant time) and the value is 1 to 128
// characters of [A-Za-z0-9._~+/=-].
type HeaderChallenge struct {
	Header string // the header carrying the challenge ("X-Okta-Verification-Challenge")
	Field  string // the JSON member of the answer ("verification")
	Token  string // the header carrying the shared token ("Authorization")
}

// Handshake returns the handshake c declares.
func (c HeaderChallenge) Handshake() UnsignedHandshake {
	return UnsignedHandshake{&unsigned{
		name:   "header challenge",
		method: http.MethodGet,
		check: func() error {
			if c.Header == "" || c.Field == "" || c.Token == "" || !printable(c.Field) || strings.ContainsAny(c.Field, `"\`) {
				return errors.New("a HeaderChallenge needs its header, answer field and token header")
			}
			return nil
		},
		answer: func(w http.ResponseWriter, r *http.Request, keys handshakeKeys) bool {
			if r.Method != http.MethodGet || r.ContentLength > 0 || len(r.TransferEncoding) > 0 {
				return false
			}
			value, ok := one(r.Header.Values(c.Header))
			if !ok || !echoable(value) && !crcToken(value) {
				return false
			}
			token, ok := one(r.Header.Values(c.Token))
			if !ok || !keys.token(token) {
				return false
			}
			writeUnsignedJSON(w, `{"`+c.Field+`":"`+value+`"}`)
			return true
		},
	}}
}

// writeUnsignedJSON answers a handshake with a JSON body built from checked characters only.
func writeUnsignedJSON(w http.ResponseWriter, body string) {
	writeUnsigned(w, "application/json", body)
}

// writeUnsigned answers a handshake: 200, an explicit Content-Type, nothing a browser may sniff
// or run, nothing a cache may keep.
func writeUnsigned(w http.ResponseWriter, contentType, body string) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(body))
}

// A TokenEcho declares an unsigned handshake of Microsoft Graph's kind (a notification URL's
// validation): a POST with a text/plain Content-Type whose query carries Param once, answered
// 200 text/plain with the parameter's decoded value. It uses no key, and it reaches no handler:
// so it is given only for 1 to 512 characters of printable ASCII and spaces, without < > or &
// (Graph's tokens are text such as "Validation: Testing client application reachability for
// subscription Request-Id: …").
type TokenEcho struct {
	Param string // the query parameter carrying the token ("validationToken")
}

// maxEcho caps a TokenEcho's answer.
const maxEcho = 512

// Handshake returns the handshake t declares.
func (t TokenEcho) Handshake() UnsignedHandshake {
	return UnsignedHandshake{&unsigned{
		name:   "token echo",
		method: http.MethodPost,
		check: func() error {
			if t.Param == "" {
				return errors.New("a TokenEcho needs its query parameter")
			}
			return nil
		},
		answer: func(w http.ResponseWriter, r *http.Request, _ handshakeKeys) bool {
			if r.Method != http.MethodPost || r.URL.RawQuery == "" || mediaType(r.Header.Get("Content-Type")) != "text/plain" {
				return false
			}
			token, ok := one(r.URL.Query()[t.Param])
			if !ok || !echoableText(token) {
				return false
			}
			writeUnsigned(w, "text/plain; charset=utf-8", token)
			return true
		},
	}}
}

// echoableText: 1 to maxEcho characters of printable ASCII and spaces, without < > or &.
func echoableText(s string) bool {
	if len(s) == 0 || len(s) > maxEcho {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// HeadProbe declares an unsigned handshake of Mandrill's kind: a HEAD request a sender makes to
// check that the URL exists before it sends anything, answered 200 with no body. It echoes
// nothing and uses no key.
func HeadProbe() UnsignedHandshake {
	return UnsignedHandshake{&unsigned{
		name:   "HEAD probe",
		method: http.MethodHead,
		check:  func() error { return nil },
		answer: func(w http.ResponseWriter, r *http.Request, _ handshakeKeys) bool {
			if r.Method != http.MethodHead || r.ContentLength > 0 || len(r.TransferEncoding) > 0 {
				return false
			}
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusOK)
			return true
		},
	}}
}
