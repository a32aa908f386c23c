// Certificates made in the test process with OpenSSL, for the TLS unit tests: a CA, and
// certificates it signs for whatever names a case needs (a server for 127.0.0.1, one for a
// name the client does not dial, an expired one, a client certificate), written as PEM files
// into the test's directory. P-256 keys: quick to make, so every test makes its own.
#pragma once

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace sluice::cql::testing {

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;

// A certificate and its key, with where they were written.
struct Issued {
  KeyPtr key;
  CertPtr cert;
  std::string cert_file;
  std::string key_file;
};

struct CertSpec {
  std::string common_name;
  std::string subject_alt_names;  // "IP:127.0.0.1, DNS:localhost"; "" for a CA
  bool ca = false;
  bool client = false;      // extendedKeyUsage clientAuth instead of serverAuth
  long valid_from_s = -60;  // relative to now
  long valid_until_s = 3600;
};

class TestPki {
 public:
  explicit TestPki(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // A self-signed CA named `name`, written as <name>.pem / <name>.key.
  Issued make_ca(const std::string& name) {
    CertSpec spec;
    spec.common_name = name;
    spec.ca = true;
    return make(name, spec, nullptr);
  }

  // A certificate `spec` describes, signed by `issuer`, written as <name>.pem / <name>.key.
  Issued issue(const std::string& name, const CertSpec& spec, const Issued& issuer) {
    return make(name, spec, &issuer);
  }

  // `issued`'s key written again, encrypted with a passphrase, as <name>.key.
  std::string write_encrypted_key(const std::string& name, const Issued& issued) {
    const std::string path = (dir_ / (name + ".key")).string();
    FILE* f = std::fopen(path.c_str(), "w");
    static const char kPass[] = "a passphrase";
    EXPECT_EQ(PEM_write_PrivateKey(f, issued.key.get(), EVP_aes_256_cbc(),
                                   reinterpret_cast<const unsigned char*>(kPass),
                                   static_cast<int>(sizeof kPass - 1), nullptr, nullptr),
              1);
    std::fclose(f);
    return path;
  }

 private:
  static void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    ASSERT_NE(ext, nullptr) << value;
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }

  Issued make(const std::string& name, const CertSpec& spec, const Issued* issuer) {
    Issued out;
    out.key.reset(EVP_EC_gen("P-256"));
    out.cert.reset(X509_new());
    X509* c = out.cert.get();
    X509_set_version(c, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(c), ++serial_);
    X509_gmtime_adj(X509_getm_notBefore(c), spec.valid_from_s);
    X509_gmtime_adj(X509_getm_notAfter(c), spec.valid_until_s);
    X509_set_pubkey(c, out.key.get());
    X509_NAME* subject = X509_get_subject_name(c);
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                               -1, 0);
    X509* signer_cert = issuer ? issuer->cert.get() : c;
    X509_set_issuer_name(c, X509_get_subject_name(signer_cert));
    if (spec.ca) {
      add_ext(c, signer_cert, NID_basic_constraints, "critical,CA:TRUE");
      add_ext(c, signer_cert, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
      add_ext(c, signer_cert, NID_basic_constraints, "critical,CA:FALSE");
      add_ext(c, signer_cert, NID_ext_key_usage, spec.client ? "clientAuth" : "serverAuth");
      if (!spec.subject_alt_names.empty()) {
        add_ext(c, signer_cert, NID_subject_alt_name, spec.subject_alt_names);
      }
    }
    EVP_PKEY* signer_key = issuer ? issuer->key.get() : out.key.get();
    EXPECT_GT(X509_sign(c, signer_key, EVP_sha256()), 0);
    out.cert_file = (dir_ / (name + ".pem")).string();
    out.key_file = (dir_ / (name + ".key")).string();
    FILE* f = std::fopen(out.cert_file.c_str(), "w");
    PEM_write_X509(f, c);
    std::fclose(f);
    f = std::fopen(out.key_file.c_str(), "w");
    PEM_write_PrivateKey(f, out.key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    return out;
  }

  std::filesystem::path dir_;
  long serial_ = 1000;
};

}  // namespace sluice::cql::testing
