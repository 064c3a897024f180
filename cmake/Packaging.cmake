# `cmake --install` and `cpack -G DEB`: both programs, the desktop entry, the icon and the
# resources (lessons, pipelines, kernel presets, weights, sample images).
include(GNUInstallDirs)
# The package is "convscope": Debian looks for its documents in share/doc/convscope.
set(convscope_doc_dir ${CMAKE_INSTALL_DATADIR}/doc/convscope)
install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/convscope.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/convscope.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
# Menus that do not draw SVG icons pick one of these (rendered from the SVG).
foreach(size 16 24 32 48 64 128 256)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/hicolor/${size}x${size}/apps/convscope.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
# ConvScope's file types (lessons, pipelines, exercises, weights, ONNX models); dpkg's trigger
# of shared-mime-info updates the MIME database when the package is installed.
install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/convscope-mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME convscope.xml)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/convscope
        PATTERN "translations/*.json" EXCLUDE
        PATTERN "desktop" EXCLUDE
        PATTERN "debian" EXCLUDE
        PATTERN "icons/hicolor" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sample_images/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/convscope/sample_images)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/
        DESTINATION ${convscope_doc_dir})

# What Debian policy asks of every package: a copyright file and a compressed changelog.
install(FILES ${PROJECT_SOURCE_DIR}/resources/debian/copyright DESTINATION ${convscope_doc_dir})
set(convscope_changelog_gz ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz)
execute_process(COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/resources/debian/changelog
                OUTPUT_FILE ${convscope_changelog_gz})
install(FILES ${convscope_changelog_gz} DESTINATION ${convscope_doc_dir})
foreach(page convscope convscope-cli)
  execute_process(COMMAND gzip -9nc ${PROJECT_SOURCE_DIR}/resources/debian/${page}.1
                  OUTPUT_FILE ${CMAKE_CURRENT_BINARY_DIR}/${page}.1.gz)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${page}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()

set(CPACK_PACKAGE_NAME "convscope")
set(CPACK_PACKAGE_VENDOR "ConvScope")
set(CPACK_PACKAGE_CONTACT "ConvScope developers <convscope@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "See how convolutional neural networks compute, step by step")
set(CPACK_PACKAGE_DESCRIPTION
    "ConvScope makes convolutional neural networks visible. Students load their
own images and watch, step by step, how a kernel slides, how padding, stride
and dilation change the result, how a transposed convolution inserts zeros,
how pooling shrinks a feature map, and what a trained network sees. Every
number shown is what PyTorch's torch.nn.functional computes. English and
Simplified Chinese. Includes convscope-cli for scripts and classes.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "ConvScope developers <convscope@example.org>")
# Debug symbols are not shipped (lintian: unstripped-binary-or-object).
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_SECTION "education")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Shared-library dependencies (Qt, OpenCV, TBB) are read off the binaries by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-cjk")
set(CPACK_GENERATOR "DEB")
include(CPack)
