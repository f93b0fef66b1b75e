// An e-invoice (domain/einvoice.h) written as a UBL 2.1 Invoice or CreditNote as Peppol BIS
// Billing 3.0 says it, with libxml2's writer (escaping, UTF-8). The same EInvoice gives the
// same bytes, so a document recorded by its SHA-256 can be made again and compared.
//
//   ASSIGN_OR_RETURN(std::string xml, WriteUblInvoice(einvoice));
#ifndef RESKONTRA_FORMATS_UBL_WRITE_H_
#define RESKONTRA_FORMATS_UBL_WRITE_H_

#include <string>

#include "absl/status/statusor.h"
#include "domain/einvoice.h"

namespace reskontra {

inline constexpr char kPeppolCustomizationId[] =
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
inline constexpr char kPeppolProfileId[] = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

// INTERNAL when libxml2 fails to write (out of memory); the content is the domain's, checked there.
absl::StatusOr<std::string> WriteUblInvoice(const EInvoice& invoice);

}  // namespace reskontra

#endif  // RESKONTRA_FORMATS_UBL_WRITE_H_
