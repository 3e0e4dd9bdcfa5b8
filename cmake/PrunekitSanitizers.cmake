# AddressSanitizer + UndefinedBehaviorSanitizer for every target of the build, failing on the
# first report (-fno-sanitize-recover=all) so that ctest sees it.
if(PRUNEKIT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize-recover=all)
endif()
