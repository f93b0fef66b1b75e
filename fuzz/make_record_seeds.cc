// Writes a few valid journal records into a folder, as seeds for record_fuzz.
#include <fstream>

#include "journal/record.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  using namespace reskontra;
  EventMeta meta{absl::FromUnixSeconds(1'790'000'000), Date(2026, 11, 2), 1, "seed", "command-seed-1"};
  std::vector<EventBody> bodies = {
      CompanyRegistered{"Exempelkommun", "2120001231"},
      InvoiceIssued{20001001,
                    "20001",
                    2,
                    Date(2026, 10, 1),
                    Date(2026, 10, 31),
                    {InvoiceLine{"Hemtjänst", Money::FromOre(100000), 0, Money(), 3012}},
                    "0200010014",
                    Money::FromOre(100000)},
      PaymentFileImported{std::string(64, 'a'),
                          "BGMAX",
                          "9912346",
                          {ImportedDeposit{Date(2026, 11, 19), 1}},
                          1,
                          Money::FromOre(100000),
                          false},
      PaymentUnmatched{"c/1", Money::FromOre(-2000), "KREDIT", "Åsa", "deduction"},
      // Lists of numbers and of texts (issue 25).
      DocumentProduced{ProducedDocument::kDunningLetters,
                       40,
                       Date(2026, 11, 20),
                       2,
                       {20001001, 20001002},
                       "",
                       false,
                       std::string(64, 'b'),
                       9000,
                       2},
      InvoiceFileImported{
          std::string(64, 'c'), "CSV", 2, Money::FromOre(550000), 1, 0, {"F-1", ""}, {20000001, 20000002}},
      LetterTextSet{
          LetterTextKind::kResidualDemand, 2, LetterForm::kInvoiceForm, {"Rad ett", "", "{företag}"}},
      CompanyDetailsSet{"Storgatan 1", "371 80", "Karlskrona", "SE", "SE212000014201", true,
                        "0007:2120000142", "a@example.se", "0455-1"},
      InvoiceAttributesChanged{20000001,
                               InvoiceAttributes{"Kultur", "Bo", "Hyra", "REF-1", "PO-1", "Debit", "F-1",
                                                 DeliveryChannel::kEInvoice, "0007:2120000142"}},
  };
  int i = 0;
  for (const EventBody& b : bodies) {
    JournalRecord r{static_cast<uint64_t>(++i), Event{meta, b}, {}, {}};
    r.hash = ComputeRecordHash(r);
    std::ofstream(std::string(argv[1]) + "/seed" + std::to_string(i), std::ios::binary) << EncodeRecord(r);
  }
  return 0;
}
