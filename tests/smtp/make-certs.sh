#!/bin/sh
# Creates a throw-away test CA and server certificates in DIR:
#   ca.pem                      the test CA (give it to the probe as CA file)
#   server.{pem,key}            valid for localhost, 127.0.0.1 and ::1
#   wronghost.{pem,key}         valid, but for wrong.example only
#   expired.{pem,key}           for 127.0.0.1, expired in 2020
#   selfsigned.{pem,key}        for 127.0.0.1, signed by itself
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"

newkey="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"

openssl req -x509 $newkey -keyout ca.key -out ca.pem -days 3 \
  -subj "/CN=Mail Doctor Test CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

sign () { # name subject-alt-names
  openssl req $newkey -keyout "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$2" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial \
    -days 3 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
}

sign server "DNS:localhost,IP:127.0.0.1,IP:::1"
sign wronghost "DNS:wrong.example"

# An expired certificate: "openssl x509" cannot back-date, "openssl ca" can.
mkdir -p ca-db
: > ca-db/index.txt
echo 1000 > ca-db/serial
cat > ca.cnf <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = ca-db
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
certificate = ca.pem
private_key = ca.key
default_md = sha256
policy = any
copy_extensions = none
x509_extensions = server_ext
unique_subject = no
[ any ]
commonName = supplied
[ server_ext ]
subjectAltName = DNS:localhost,IP:127.0.0.1
basicConstraints = CA:FALSE
extendedKeyUsage = serverAuth
CNF
openssl req $newkey -keyout expired.key -out expired.csr -subj "/CN=expired" 2>/dev/null
openssl ca -batch -config ca.cnf -in expired.csr -out expired.pem -notext \
  -startdate 20200101000000Z -enddate 20200102000000Z 2>/dev/null

openssl req -x509 $newkey -keyout selfsigned.key -out selfsigned.pem -days 3 \
  -subj "/CN=selfsigned" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
