package main

import (
	"errors"
	"net/url"
	"strings"
)

// parsePublicURL checks a -public-url value: the scheme (http or https), host and optional
// port the sender used, and nothing else — no user info, path, query or fragment, since the
// path and query come from the request line.
func parsePublicURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("not a URL")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, errors.New("the scheme must be http or https")
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "" || strings.HasSuffix(u.Host, ":"):
		return nil, errors.New("it needs a host (and optionally a port): scheme://host[:port]")
	case u.User != nil:
		return nil, errors.New("it must not carry user info")
	case (u.Path != "" && u.Path != "/") || u.RawPath != "": // a bare "/" is no path
		return nil, errors.New("it must not carry a path; the path comes from the request line")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, errors.New("it must not carry a query; the query comes from the request line")
	case u.Fragment != "" || u.RawFragment != "" || strings.Contains(s, "#"):
		return nil, errors.New("it must not carry a fragment")
	}
	u.Path = ""
	return u, nil
}
