#pragma once
/// The base of the interfaces used through pointers (pruners, paths, inference engines): a
/// virtual destructor and no copies, since a copy through a base reference would slice.

namespace prunekit {

class Polymorphic {
 public:
  Polymorphic(const Polymorphic&) = delete;
  Polymorphic& operator=(const Polymorphic&) = delete;
  virtual ~Polymorphic() = default;

 protected:
  Polymorphic() = default;
};

}  // namespace prunekit
