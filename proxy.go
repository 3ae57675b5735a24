package hooksig

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// A ProxyHeader names where a trusted reverse proxy writes the scheme and host a request was
// sent to.
type ProxyHeader uint8

// The proxy headers [WithTrustedProxy] reads.
const (
	// XForwarded reads X-Forwarded-Proto and X-Forwarded-Host.
	XForwarded ProxyHeader = iota + 1
	// Forwarded reads RFC 7239's Forwarded header (its proto= and host= parameters).
	Forwarded
)

// proxyConfig rebuilds a request's public base URL from one header source, for requests from
// trusted networks only.
type proxyConfig struct {
	source   ProxyHeader
	networks []netip.Prefix
}

// base returns scheme://host[:port] as the proxy recorded it, or "" when the request does not
// come from a trusted network or the header is missing or malformed.
func (p *proxyConfig) base(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return ""
	}
	addr = addr.Unmap()
	trusted := false
	for _, n := range p.networks {
		trusted = trusted || n.Contains(addr)
	}
	if !trusted {
		return ""
	}
	var proto, fhost string
	switch p.source {
	case XForwarded:
		proto, fhost = lastValue(r.Header, "X-Forwarded-Proto"), lastValue(r.Header, "X-Forwarded-Host")
	case Forwarded:
		// The last element the nearest proxy appended: its proto= and host= parameters.
		elem := lastValue(r.Header, "Forwarded")
		for _, pair := range strings.Split(elem, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(pair), "=")
			if !ok {
				continue
			}
			v = strings.Trim(v, `"`)
			switch strings.ToLower(k) {
			case "proto":
				proto = v
			case "host":
				fhost = v
			}
		}
	}
	proto = strings.ToLower(proto)
	if (proto != "http" && proto != "https") || !validHost(fhost) {
		return ""
	}
	return proto + "://" + fhost
}

// lastValue is the rightmost comma-separated value of the header's last line: what the proxy
// nearest to this server wrote, whatever the client sent before it.
func lastValue(h http.Header, name string) string {
	vs := h[name]
	if len(vs) == 0 {
		return ""
	}
	line := vs[len(vs)-1]
	if i := strings.LastIndexByte(line, ','); i >= 0 {
		line = line[i+1:]
	}
	return strings.TrimSpace(line)
}

// validHost reports whether h is a host and optional port, as a Host header may carry it: no
// path, user info, spaces or control characters.
func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~[]:", c) >= 0:
		default:
			return false
		}
	}
	return true
}
