// Imports: `import std.clv` reads stdlib/clv.plan; `import "common/x.plan"`
// reads a path relative to the importing file, which must stay inside the
// root plan's folder. Each module is read once; a cycle is reported with
// every file on it.
#include "check/modules.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "syntax/syntax.h"

namespace accrue::check {
namespace fs = std::filesystem;
using diag::Code;

namespace {

bool read_file(const fs::path& path, std::string& out) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  out = ss.str();
  return true;
}

bool inside(const fs::path& root, const fs::path& path) {
  auto r = root.lexically_normal();
  auto p = path.lexically_normal();
  auto [ri, pi] = std::mismatch(r.begin(), r.end(), p.begin(), p.end());
  return ri == r.end() || (ri->empty() && std::next(ri) == r.end());
}

struct Loader {
  fs::path root_dir;
  fs::path stdlib_dir;
  diag::SourceMap& sources;
  diag::Diagnostics& diagnostics;
  LoadedModules out;
  std::map<std::string, int> state;  // 1: loading (on the stack), 2: done
  std::vector<std::pair<std::string, diag::Span>> stack;

  // The name a module has inside the plan's identity (its hash): relative to
  // the root plan's own folder, so the same plan copied to another folder,
  // checkout or machine hashes the same; the root file is "<root>", since
  // renaming it changes nothing in what the plan says.
  std::string identity_name(const fs::path& p, bool is_std) const {
    if (is_std) return "std/" + p.filename().string();
    if (stack.size() == 1) return "<root>";
    return p.lexically_relative(root_dir).string();
  }

  void load(const fs::path& path, const std::string& shown, diag::Span import_span, bool is_std) {
    std::string key = fs::weakly_canonical(path).string();
    if (state[key] == 2) return;
    if (state[key] == 1) {
      std::string cycle;
      bool on = false;
      for (auto& [k, s] : stack) {
        if (k == key) on = true;
        if (on) cycle += fs::path(k).filename().string() + " -> ";
      }
      cycle += fs::path(key).filename().string();
      auto& d = diagnostics.report(Code::E0203, import_span, fmt::format("import cycle: {}", cycle),
                                   "move what both modules need into a third module that imports neither");
      (void)d;
      return;
    }
    std::string text;
    if (!read_file(path, text)) {
      if (stack.empty()) return;  // the root: the caller reports it as a usage error
      diagnostics.report(Code::E0201, import_span, fmt::format("cannot read imported module '{}'", shown),
                         is_std ? fmt::format("the standard library has no module '{}'", path.stem().string())
                                : "the path is relative to the importing file");
      return;
    }
    if (stack.empty()) out.root_readable = true;
    state[key] = 1;
    stack.emplace_back(key, import_span);
    auto file = sources.add(shown, text);
    auto parsed = syntax::parse(sources, file);
    diagnostics.append(parsed.diagnostics);
    out.hash_inputs.push_back(identity_name(path, is_std) + std::string(1, '\0') + text);
    std::size_t index = out.modules.size();
    out.modules.push_back(std::move(parsed.module));
    auto imports = out.modules[index].imports;  // copy: out.modules may grow below
    for (const auto& imp : imports) {
      if (imp.is_path) {
        fs::path target = (path.parent_path() / imp.target).lexically_normal();
        if (fs::path(imp.target).is_absolute() || !inside(root_dir, target)) {
          diagnostics.report(Code::E0202, imp.span, fmt::format("import '{}' leaves the plan's folder", imp.target),
                             "imports must stay inside the folder of the plan being checked; copy the module there or use a std module");
          continue;
        }
        fs::path parent_shown = fs::path(shown).parent_path();
        load(target, (parent_shown / imp.target).lexically_normal().string(), imp.span, false);
      } else {
        std::string name = imp.target;
        if (name.rfind("std.", 0) != 0) {
          diagnostics.report(Code::E0201, imp.span, fmt::format("unknown module '{}'", name),
                             "standard modules are written `import std.NAME`; files are written `import \"path.plan\"`");
          continue;
        }
        std::string rest = name.substr(4);
        std::replace(rest.begin(), rest.end(), '.', '/');
        load(stdlib_dir / (rest + ".plan"), "std/" + rest + ".plan", imp.span, true);
      }
    }
    stack.pop_back();
    state[key] = 2;
  }
};

}  // namespace

LoadedModules load_modules(const fs::path& root, const fs::path& stdlib_dir, diag::SourceMap& sources,
                           diag::Diagnostics& diagnostics) {
  fs::path absolute = fs::absolute(root).lexically_normal();
  Loader loader{absolute.parent_path(), stdlib_dir, sources, diagnostics, {}, {}, {}};
  loader.load(absolute, root.lexically_normal().string(), diag::Span{}, false);
  std::sort(loader.out.hash_inputs.begin(), loader.out.hash_inputs.end());
  return std::move(loader.out);
}

std::string sha256_hex(const std::vector<std::string>& parts) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const auto& p : parts) {
    std::string length = std::to_string(p.size()) + ":";
    EVP_DigestUpdate(ctx, length.data(), length.size());
    EVP_DigestUpdate(ctx, p.data(), p.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx, digest, &n);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace accrue::check
