#!/bin/sh
# Builds a small SM-PKI-style chain with the openssl command line only
# (OpenSSL 3.0, Debian 12), independently of libsmgw's generator. Run in
# this directory; the outputs are committed, this script records how.
set -eu
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cat > "$W/ca.cnf" <<'CNF'
[ca]
default_ca = CA
[CA]
dir = .
database = $ENV::W/index.txt
new_certs_dir = $ENV::W
serial = $ENV::W/serial
crlnumber = $ENV::W/crlnumber
default_md = sha256
policy = pol
unique_subject = no
copy_extensions = none
default_crl_days = 3650
[pol]
countryName = supplied
organizationName = supplied
serialNumber = optional
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
[root]
basicConstraints = critical,CA:TRUE,pathlen:2
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
certificatePolicies = 0.4.0.127.0.7.3.4.1.1.1
[subca]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 0.4.0.127.0.7.3.4.1.1.1
[tls]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 0.4.0.127.0.7.3.4.1.1.1
subjectAltName = URI:https://gwa.openssl.example,DNS:gwa.openssl.example
issuerAltName = URI:http://subca.openssl.example
crlDistributionPoints = URI:http://subca.openssl.example/subca.crl
[tls_smgw]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
certificatePolicies = 0.4.0.127.0.7.3.4.1.1.1
issuerAltName = URI:http://subca.openssl.example
crlDistributionPoints = URI:http://subca.openssl.example/subca.crl
[crl_ext]
authorityKeyIdentifier = keyid:always
CNF
export W
touch "$W/index.txt"
echo 1000 > "$W/serial"
echo 01 > "$W/crlnumber"
D="-startdate 20250101000000Z -enddate 20300101000000Z"
ca() { openssl ca -batch -config "$W/ca.cnf" -notext $D "$@" 2>/dev/null; }

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:brainpoolP384r1 -out "$W/root.key"
openssl req -new -config "$W/ca.cnf" -key "$W/root.key" -subj "/C=DE/O=SM-Test-PKI-DE/serialNumber=5/CN=SM-Test-Root.CA" -out "$W/root.csr"
ca -selfsign -keyfile "$W/root.key" -md sha384 -extensions root -in "$W/root.csr" -out root.pem

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:brainpoolP256r1 -out "$W/subca.key"
openssl req -new -config "$W/ca.cnf" -key "$W/subca.key" -subj "/C=DE/O=SM-Test-PKI-DE/serialNumber=5/CN=OPENSSL-Sub.CA" -out "$W/subca.csr"
ca -cert root.pem -keyfile "$W/root.key" -md sha384 -extensions subca -in "$W/subca.csr" -out subca.pem

leaf() { # name curve-or-rsa cn ext
	if [ "$2" = rsa ]; then openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$W/$1.key"
	else openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$2 -out "$W/$1.key"; fi
	openssl req -new -config "$W/ca.cnf" -key "$W/$1.key" -subj "/C=DE/O=SM-Test-PKI-DE/serialNumber=5/CN=$3" -out "$W/$1.csr"
	ca -cert subca.pem -keyfile "$W/subca.key" -md sha256 -extensions $4 -in "$W/$1.csr" -out $1.pem
}
leaf gwa-tls brainpoolP256r1 OPENSSL.GWA tls
leaf smgw-tls brainpoolP256r1 OPENSSL0000001.SMGW tls_smgw
leaf emt-p256 prime256v1 OPENSSLP256.EMT tls
leaf emt-rsa rsa OPENSSLRSA.EMT tls
ca -cert subca.pem -keyfile "$W/subca.key" -revoke emt-p256.pem -crl_reason keyCompromise
openssl ca -batch -config "$W/ca.cnf" -gencrl -cert subca.pem -keyfile "$W/subca.key" -crlexts crl_ext -out subca.crl.pem 2>/dev/null
openssl x509 -in gwa-tls.pem -outform DER -out gwa-tls.der
openssl crl -in subca.crl.pem -outform DER -out subca.crl.der
cat subca.pem root.pem > chain.pem
# The facts the tests compare with, as printed by openssl itself.
{
	for f in root subca gwa-tls smgw-tls emt-p256 emt-rsa; do
		echo "== $f"
		openssl x509 -in $f.pem -noout -serial -subject -issuer -startdate -enddate -nameopt RFC2253
		openssl x509 -in $f.pem -noout -ext subjectKeyIdentifier,authorityKeyIdentifier,keyUsage,extendedKeyUsage,subjectAltName,crlDistributionPoints,certificatePolicies 2>/dev/null || true
	done
	echo "== subca.crl"
	openssl crl -in subca.crl.pem -noout -issuer -lastupdate -nextupdate -nameopt RFC2253
	openssl crl -in subca.crl.pem -noout -text | grep -A1 "Serial Number" || true
} > expected.txt
