# `cmake --install` and `cpack -G DEB`: both programs, the desktop entry, the icon and the
# resources (lessons, pipelines, kernel presets, weights, sample images).
include(GNUInstallDirs)
install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/convscope.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/convscope.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
# ConvScope's file types (lessons, pipelines, exercises, weights, ONNX models); dpkg's trigger
# of shared-mime-info updates the MIME database when the package is installed.
install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/convscope-mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME convscope.xml)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/convscope
        PATTERN "translations/*.json" EXCLUDE
        PATTERN "desktop" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sample_images/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/convscope/sample_images)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME "convscope")
set(CPACK_PACKAGE_VENDOR "ConvScope")
set(CPACK_PACKAGE_CONTACT "ConvScope developers <convscope@example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "See how convolutional neural networks compute, step by step")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_SECTION "education")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Shared-library dependencies (Qt, OpenCV, TBB) are read off the binaries by dpkg-shlibdeps.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-cjk")
set(CPACK_GENERATOR "DEB")
include(CPack)
