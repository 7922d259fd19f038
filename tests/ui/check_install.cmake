# Installs the build into a scratch prefix and checks that desktops find Shoal there:
# the programs, the .desktop file with its MIME types, the icon and the AppStream file.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed: ${rc}")
endif()
foreach(f bin/shoal bin/shoal-qt share/applications/io.shoal.Shoal.desktop
          share/icons/hicolor/scalable/apps/io.shoal.Shoal.svg
          share/metainfo/io.shoal.Shoal.metainfo.xml
          lib/systemd/system/shoal-daemon.service lib/sysusers.d/shoal.conf)
  if(NOT EXISTS "${PREFIX}/${f}")
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()
file(READ "${PREFIX}/share/applications/io.shoal.Shoal.desktop" desktop)
foreach(needle "x-scheme-handler/magnet" "application/x-bittorrent" "Exec=shoal-qt %U")
  string(FIND "${desktop}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the .desktop file lacks ${needle}")
  endif()
endforeach()
file(REMOVE_RECURSE "${PREFIX}")
