// Opens a ledger's RocksDB database directly, for the tests that damage it on purpose.
#ifndef RESKONTRA_TESTS_DB_UTIL_H_
#define RESKONTRA_TESTS_DB_UTIL_H_

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <functional>
#include <string>
#include <vector>

namespace reskontra::testing {

// Runs `fn` on the database in `dir`, opened with every column family (names and handles in
// the same order).
inline void WithDb(const std::string& dir,
                   const std::function<void(rocksdb::DB*, const std::vector<std::string>&,
                                            const std::vector<rocksdb::ColumnFamilyHandle*>&)>& fn) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const auto& name : names) cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir, cfs, &handles, &db).ok());
  fn(db, names, handles);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

// Runs `fn` on the journal's column family of the database in `dir`.
inline void Tamper(const std::string& dir,
                   const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& fn) {
  WithDb(dir, [&](rocksdb::DB* db, const auto& names, const auto& handles) {
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "journal") fn(db, handles[i]);
    }
  });
}

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_DB_UTIL_H_
