# The gallery's build-time pieces, included from the top-level CMakeLists.txt:
# OpenSeadragon is copied into each site from its npm package (installed by
# .ci/install-deps in src/gallery), and the interface's translations are
# compiled with msgfmt into the build tree, where bindtextdomain finds them.
set(PLANCHE_OSD_DIR ${CMAKE_SOURCE_DIR}/src/gallery/node_modules/openseadragon/build/openseadragon)
set(PLANCHE_LOCALEDIR ${CMAKE_BINARY_DIR}/locale)
include(GNUInstallDirs)
set(PLANCHE_INSTALLED_OSD_DIR ${CMAKE_INSTALL_FULL_DATADIR}/planche/openseadragon)
target_compile_definitions(planche_core PRIVATE
  PLANCHE_OSD_DIR="${PLANCHE_OSD_DIR}"
  PLANCHE_LOCALEDIR="${PLANCHE_LOCALEDIR}"
  PLANCHE_INSTALLED_OSD_DIR="${PLANCHE_INSTALLED_OSD_DIR}"
  PLANCHE_INSTALLED_LOCALEDIR="${CMAKE_INSTALL_FULL_LOCALEDIR}")
# An installed planche carries its own copy of the viewer and translations.
if(EXISTS ${PLANCHE_OSD_DIR}/openseadragon.min.js)
  install(FILES ${PLANCHE_OSD_DIR}/openseadragon.min.js DESTINATION ${CMAKE_INSTALL_DATADIR}/planche/openseadragon)
  install(DIRECTORY ${PLANCHE_OSD_DIR}/images DESTINATION ${CMAKE_INSTALL_DATADIR}/planche/openseadragon
          FILES_MATCHING PATTERN "*.png")
endif()

find_program(MSGFMT msgfmt)
file(GLOB GALLERY_PO CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/gallery/po/*.po)
set(GALLERY_MO)
if(MSGFMT)
  foreach(po ${GALLERY_PO})
    get_filename_component(lang ${po} NAME_WE)
    set(mo ${PLANCHE_LOCALEDIR}/${lang}/LC_MESSAGES/planche-gallery.mo)
    add_custom_command(OUTPUT ${mo}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PLANCHE_LOCALEDIR}/${lang}/LC_MESSAGES
      COMMAND ${MSGFMT} --check -o ${mo} ${po}
      DEPENDS ${po})
    list(APPEND GALLERY_MO ${mo})
    install(FILES ${mo} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES)
  endforeach()
else()
  message(WARNING "msgfmt not found: the gallery will be in English only")
endif()
add_custom_target(gallery-translations ALL DEPENDS ${GALLERY_MO})
add_dependencies(planche_core gallery-translations)
